package io.tarn.location.disk;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tarn.LocationException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Labels as Python tarn keeps them: a JSON list of strings (JsonLabels files on disk, {@code labels} keys in Redis, the S3 location's label sidecars).
 */
public final class JsonLabels {
    private JsonLabels() {
    }

    static Set<String> parse(String json, Path file) {
        return parse(json, "The labels file " + file);
    }

    /**
     * @param source names where the JSON came from, for the error message
     * @throws LocationException if the text is not a JSON list
     */
    public static Set<String> parse(String json, String source) {
        try {
            // JSON is YAML: the safe loader reads a JSON list of strings with its escapes
            Object value = new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
            if (value instanceof List<?> list) {
                Set<String> labels = new LinkedHashSet<>();
                list.forEach(item -> labels.add(String.valueOf(item)));
                return labels;
            }
        } catch (YAMLException e) {
            // reported below
        }
        throw new LocationException(source + " is not a JSON list of strings: delete it or fix it", null);
    }

    /** Python's json.dumps(list): ", " between items, non-ASCII escaped. */
    public static String format(Set<String> labels) {
        StringBuilder out = new StringBuilder("[");
        boolean first = true;
        for (String label : labels) {
            out.append(first ? "" : ", ").append('"');
            first = false;
            for (char c : label.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20 || c > 0x7e) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
        return out.append(']').toString();
    }
}
