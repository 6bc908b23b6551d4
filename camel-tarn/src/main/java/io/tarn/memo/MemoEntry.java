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
 * What a memoized call produced: the key of its output body in the lake (none for a null body) and the values of
 * the selected output headers. Stored in the index as canonical JSON ({@code json.dumps(sort_keys=True)}'s shape,
 * as Python tarn's index stores its mappings), so that the same result always gives the same bytes.
 */
public record MemoEntry(Key output, SortedMap<String, String> headers) {

    public MemoEntry {
        headers = Collections.unmodifiableSortedMap(new TreeMap<>(headers));
    }

    byte[] toJson() {
        Map<String, String> headerValues = new LinkedHashMap<>();
        headers.forEach((name, value) -> headerValues.put(name, value == null ? "null" : Json.quote(value)));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("headers", Json.object(headerValues));
        fields.put("output", output == null ? "null" : Json.quote(output.hex()));
        return Json.object(fields).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the entry, or null when the bytes are not an entry */
    static MemoEntry parse(byte[] json, HashAlgorithm algorithm) {
        if (!(Json.parse(new String(json, StandardCharsets.UTF_8)) instanceof Map<?, ?> map)
            || !(map.get("headers") instanceof Map<?, ?> headers)) {
            return null;
        }
        SortedMap<String, String> values = new TreeMap<>();
        headers.forEach((name, value) -> values.put(String.valueOf(name), value == null ? null : String.valueOf(value)));
        Object output = map.get("output");
        return new MemoEntry(output == null ? null : algorithm.parseKey(String.valueOf(output)), values);
    }
}
