package io.tarn.format;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.tarn.Json;
import io.tarn.LocationException;

/**
 * Labels as Python tarn keeps them: a JSON list of strings (JsonLabels files on disk, {@code labels} keys in Redis,
 * the S3 location's label sidecars).
 */
public final class JsonLabels {
    private JsonLabels() {
    }

    public static Set<String> parse(String json, Path file) {
        return parse(json, "The labels file " + file);
    }

    /**
     * @param source names where the JSON came from, for the error message
     * @throws LocationException if the text is not a JSON list
     */
    public static Set<String> parse(String json, String source) {
        Object value;
        try {
            value = Json.parse(json);
        } catch (RuntimeException e) {
            value = null;
        }
        if (value instanceof List<?> list) {
            Set<String> labels = new LinkedHashSet<>();
            list.forEach(item -> labels.add(String.valueOf(item)));
            return labels;
        }
        throw new LocationException(source + " is not a JSON list of strings: delete it or fix it", null);
    }

    /** Python's json.dumps(list): ", " between items, non-ASCII escaped. */
    public static String format(Set<String> labels) {
        return labels.stream().map(Json::quote).collect(Collectors.joining(", ", "[", "]"));
    }
}
