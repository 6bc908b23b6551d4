package io.tarn.memo;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.tarn.Json;

/**
 * What went into one run of a memoized step, the three things its memo key is the digest of: the input (the key of
 * the input body, with its type when it counts), each selected header's value as the memo key counts it, and the code's
 * {@link Fingerprint}. {@link StepHistory} keeps each step's last one in the index, to tell why the next run missed.
 */
public record StepRun(String input, SortedMap<String, String> headers, Fingerprint code) {
    public StepRun {
        headers = Collections.unmodifiableSortedMap(new TreeMap<>(headers));
    }

    /**
     * The step record as the index keeps it: canonical JSON ({@code json.dumps(sort_keys=True)}'s shape), the code by its
     * digest and by the key of its parts record.
     */
    byte[] toJson(String partsKey) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("code", Json.quote(code.digest()));
        fields.put("format", Json.quote(StepHistory.STEP_FORMAT));
        fields.put("input", Json.quote(input));
        fields.put("parts", Json.quote(partsKey));
        fields.put("selected", Json.object(quoted(headers)));
        return Json.object(fields).getBytes(StandardCharsets.UTF_8);
    }

    /** The code's parts record: its fingerprint parts (name to digest), canonical JSON, stored under its own digest. */
    byte[] partsJson() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (!code.details().isEmpty()) {
            fields.put("details", Json.object(quoted(code.details())));
        }
        fields.put("format", Json.quote(StepHistory.CODE_FORMAT));
        fields.put("parts", Json.object(quoted(code.parts())));
        return Json.object(fields).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> quoted(SortedMap<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((name, value) -> out.put(name, Json.quote(value)));
        return out;
    }

    /** A step record read back: the code by its digest and the key of its parts record. */
    record Recorded(String input, SortedMap<String, String> headers, String code, String parts) {
        boolean same(StepRun run) {
            return input.equals(run.input()) && headers.equals(run.headers()) && code.equals(run.code().digest());
        }

        /** @return the record, or null when the bytes are not one of this format */
        static Recorded parse(byte[] json) {
            if (!(Json.parse(new String(json, StandardCharsets.UTF_8)) instanceof Map<?, ?> map)
                || !StepHistory.STEP_FORMAT.equals(map.get("format"))
                || !(map.get("selected") instanceof Map<?, ?> selected)
                || !(map.get("input") instanceof String input)
                || !(map.get("code") instanceof String code)
                || !(map.get("parts") instanceof String parts)) {
                return null;
            }
            return new Recorded(input, strings(selected), code, parts);
        }

        /** @return the fingerprint of a code record (its digest is not the recorded one), or null when the bytes are not one */
        static Fingerprint parseParts(byte[] json) {
            if (!(Json.parse(new String(json, StandardCharsets.UTF_8)) instanceof Map<?, ?> map)
                || !StepHistory.CODE_FORMAT.equals(map.get("format"))
                || !(map.get("parts") instanceof Map<?, ?> parts)) {
                return null;
            }
            Fingerprint.Builder code = new Fingerprint.Builder();
            strings(parts).forEach(code::add);
            if (map.get("details") instanceof Map<?, ?> details) {
                strings(details).forEach(code::detail);
            }
            return code.build();
        }

        private static SortedMap<String, String> strings(Map<?, ?> map) {
            SortedMap<String, String> out = new TreeMap<>();
            map.forEach((name, value) -> out.put(String.valueOf(name), value == null ? "" : String.valueOf(value)));
            return out;
        }
    }
}
