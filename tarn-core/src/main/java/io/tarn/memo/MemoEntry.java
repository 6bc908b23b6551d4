package io.tarn.memo;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.tarn.HashAlgorithm;
import io.tarn.Json;
import io.tarn.Key;

/**
 * What a memoized call produced: the key of its output body in the lake (none for a null body), the type the body is
 * handed on as (see {@code io.tarn.camel.memo.OutputBody}; for a String, also the charset of its bytes), and the values of the selected
 * output headers; and, when the step that made it is named, the step and
 * the digest of its code's fingerprint (for gc's {@code keepCurrentCodeOnly}). Stored in the index as canonical JSON ({@code json.dumps(sort_keys=True)}'s shape, as Python tarn's
 * index stores its mappings), so that the same result always gives the same bytes.
 */
public record MemoEntry(Key output, String type, String charset, SortedMap<String, String> headers, String step,
                        String code) {

    public MemoEntry {
        headers = headers.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(headers));
    }

    /** An entry that names no step (gc's keepCurrentCodeOnly leaves it alone). */
    public MemoEntry(Key output, String type, String charset, SortedMap<String, String> headers) {
        this(output, type, charset, headers, null, null);
    }

    /**
     * This entry as made by the step named {@code stepName} running code of fingerprint {@code codeDigest}, so that gc
     * can drop a step's entries of other code ({@code keepCurrentCodeOnly}); a null step names none.
     */
    public MemoEntry madeBy(String stepName, String codeDigest) {
        return stepName == null ? this : new MemoEntry(output, type, charset, headers, stepName, codeDigest);
    }

    byte[] toJson() {
        Map<String, String> headerValues = new LinkedHashMap<>();
        headers.forEach((name, value) -> headerValues.put(name, quoted(value)));
        Map<String, String> fields = new LinkedHashMap<>();
        if (charset != null) {
            fields.put("charset", Json.quote(charset));
        }
        if (code != null) {
            fields.put("code", Json.quote(code));
        }
        fields.put("headers", Json.object(headerValues));
        fields.put("output", output == null ? "null" : Json.quote(output.hex()));
        if (step != null) {
            fields.put("step", Json.quote(step));
        }
        fields.put("type", quoted(type));
        return Json.object(fields).getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String value) {
        return value == null ? "null" : Json.quote(value);
    }

    /**
     * Reads an entry: in the layout {@link #toJson()} writes without a general parser ({@link EntryReader}), anything
     * else (an entry of another version, or edited by hand) with the YAML parser, as {@link #parseAny}.
     *
     * @return the entry, or null when the bytes are not an entry (an output without its type is not one)
     */
    static MemoEntry parse(byte[] json, HashAlgorithm algorithm) {
        MemoEntry entry = EntryReader.read(json, algorithm);
        return entry != null ? entry : parseAny(json, algorithm);
    }

    /** Reads an entry with the YAML parser (any JSON); null when the bytes are not an entry. */
    static MemoEntry parseAny(byte[] json, HashAlgorithm algorithm) {
        if (!(Json.parse(new String(json, StandardCharsets.UTF_8)) instanceof Map<?, ?> map)
            || !(map.get("headers") instanceof Map<?, ?> headers)) {
            return null;
        }
        SortedMap<String, String> values = new TreeMap<>();
        headers.forEach((name, value) -> values.put(String.valueOf(name), text(value)));
        Object output = map.get("output");
        String type = text(map.get("type"));
        if (output != null && type == null) {
            return null;
        }
        return new MemoEntry(output == null ? null : algorithm.parseKey(String.valueOf(output)), type,
                text(map.get("charset")), values, text(map.get("step")), text(map.get("code")));
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
