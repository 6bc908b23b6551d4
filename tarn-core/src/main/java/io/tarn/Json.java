package io.tarn;

import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The little JSON that tarn's side files need (label lists, memo index entries), written the way Python's
 * {@code json.dumps} writes it (non-ASCII escaped), so that both libraries produce the same bytes.
 */
public final class Json {
    // building a YAML loader costs more than parsing a small document (the memo index reads one per hit); a loader is
    // not thread-safe, so each thread keeps its own
    private static final ThreadLocal<Yaml> PARSER = ThreadLocal.withInitial(() -> new Yaml(new SafeConstructor(new LoaderOptions())));

    private Json() {
    }

    /** A JSON string literal, as Python's json.dumps quotes it. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
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
        return out.append('"').toString();
    }

    /** A JSON object with its keys in the map's order: {@code {"a": 1, "b": "x"}}; values are already JSON. */
    public static String object(Map<String, String> jsonValues) {
        StringBuilder out = new StringBuilder("{");
        jsonValues.forEach((name, value) -> out.append(out.length() > 1 ? ", " : "").append(quote(name)).append(": ").append(value));
        return out.append('}').toString();
    }

    /**
     * Parses JSON (JSON is YAML: the safe loader reads it with its escapes).
     *
     * @return the value (Map, List, String, Number, Boolean or null), or null when the text is not JSON
     */
    public static Object parse(String json) {
        try {
            return PARSER.get().load(json);
        } catch (YAMLException e) {
            return null;
        }
    }
}
