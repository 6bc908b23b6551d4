package io.tarn.location.disk;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.tarn.Json;
import io.tarn.LocationException;

/** Labels as Python tarn's JsonLabels keeps them: a JSON list of strings, one file a key. */
final class JsonLabels {
    private JsonLabels() {
    }

    static Set<String> parse(String json, Path file) {
        if (Json.parse(json) instanceof List<?> list) {
            Set<String> labels = new LinkedHashSet<>();
            list.forEach(item -> labels.add(String.valueOf(item)));
            return labels;
        }
        throw new LocationException("The labels file " + file + " is not a JSON list of strings: delete it or fix it", null);
    }

    /** Python's json.dumps(list): ", " between items, non-ASCII escaped. */
    static String format(Set<String> labels) {
        return labels.stream().map(Json::quote).collect(Collectors.joining(", ", "[", "]"));
    }
}
