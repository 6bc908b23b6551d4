package io.tarn.camel.feed;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tarn.Key;

/**
 * One record of a change feed: a value stored in the lake, as the JSON the writer publishes:
 * {@code {"key":"<hex>","size":<bytes>,"labels":["a","b"],"clock":<writer's epoch ms>}}. Readers need only the key;
 * a record that is a bare hex key is read as well, so a value copied in by hand can be announced by hand.
 */
public record Change(Key key, long size, Set<String> labels, long clock) {
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]*)\"");

    /** The record's JSON text. */
    public String json() {
        StringBuilder json = new StringBuilder(128).append("{\"key\":\"").append(key.hex()).append("\",\"size\":")
                .append(size).append(",\"labels\":[");
        String separator = "";
        for (String label : new TreeSet<>(labels)) {
            json.append(separator).append('"');
            escape(label, json);
            json.append('"');
            separator = ",";
        }
        return json.append("],\"clock\":").append(clock).append('}').toString();
    }

    /** The hex key a record names: its JSON's {@code key}, or the record itself when it is not JSON; null if none. */
    public static String keyOf(String record) {
        if (record == null) {
            return null;
        }
        String text = record.trim();
        if (!text.startsWith("{")) {
            return text.isEmpty() ? null : text;
        }
        Matcher found = KEY.matcher(text);
        return found.find() ? found.group(1) : null;
    }

    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
