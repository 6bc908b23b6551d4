package io.tarn.memo;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Names where two canonical texts of a route first differ (the form {@code RouteFingerprint} writes:
 * {@code RouteDefinition{outputs=[ToDefinition{uri="log:x?level=DEBUG", }, ], }}, with JSON strings and maps): the
 * path of model nodes and fields down to the first difference, and the value there now and before, e.g.
 * {@code outputs[1] to.uri "log:x?level=TRACE" (was "log:x?level=DEBUG")}.
 */
final class CanonicalTextDiff {
    /** Values longer than this are cut. */
    static final int SHOWN = 80;

    private CanonicalTextDiff() {
    }

    static String describe(String before, String now) {
        int max = Math.min(before.length(), now.length());
        int same = 0;
        while (same < max && before.charAt(same) == now.charAt(same)) {
            same++;
        }
        Deque<Frame> frames = new ArrayDeque<>();
        int start = scan(before, same, frames);
        StringBuilder path = new StringBuilder();
        Iterator<Frame> bottomUp = frames.descendingIterator();
        boolean root = true;
        while (bottomUp.hasNext()) {
            Frame frame = bottomUp.next();
            if (frame.list) {
                path.append('[').append(frame.index).append(']');
            } else {
                String name = root ? "" : shortName(frame.name);
                String segment = name + (frame.field == null ? "" : (name.isEmpty() ? "" : ".") + frame.field);
                path.append(path.isEmpty() || segment.isEmpty() ? "" : " ").append(segment);
            }
            root = false;
        }
        return (path.isEmpty() ? "" : path + " ") + value(now, start) + " (was " + value(before, start) + ")";
    }

    /** One open node ({@code Name{}), map ({@code {}) or list ({@code [}), and where in it the scan is. */
    private static final class Frame {
        final String name;
        final boolean list;
        String field;
        int index;

        Frame(String name, boolean list) {
            this.name = name;
            this.list = list;
        }
    }

    /** Reads {@code text} up to {@code end}, keeping the open frames; returns where the value being read there starts. */
    private static int scan(String text, int end, Deque<Frame> frames) {
        int valueStart = 0;
        int i = 0;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '"') {
                int after = stringEnd(text, i);
                if (after > end) {
                    return i;
                }
                if (text.startsWith(": ", after) && !frames.isEmpty() && !frames.peek().list) {
                    frames.peek().field = text.substring(i, after);   // a map key, quoted
                    valueStart = after + 2;
                }
                i = after;
                continue;
            }
            switch (c) {
                case '{' -> {
                    frames.push(new Frame(identifierBefore(text, i), false));
                    valueStart = i + 1;
                }
                case '[' -> {
                    frames.push(new Frame("", true));
                    valueStart = i + 1;
                }
                case '}', ']' -> {
                    if (!frames.isEmpty()) {
                        frames.pop();
                    }
                }
                case '=' -> {
                    if (!frames.isEmpty()) {
                        frames.peek().field = identifierBefore(text, i);
                    }
                    valueStart = i + 1;
                }
                case ',' -> {
                    if (!frames.isEmpty() && frames.peek().list) {
                        frames.peek().index++;
                    }
                    valueStart = Math.min(i + 2, text.length());
                }
                default -> {
                }
            }
            i++;
        }
        return valueStart;
    }

    /** One value from {@code start}: a string, a node or list (balanced), or a token up to the next separator. */
    private static String value(String text, int start) {
        int i = start;
        int depth = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                i = stringEnd(text, i);
                if (depth == 0) {
                    break;
                }
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
                if (depth == 0) {
                    i++;
                    break;
                }
            } else if (c == ',' && depth == 0) {
                break;
            }
            i++;
        }
        String value = text.substring(start, Math.min(i, text.length()));
        return value.isEmpty() ? "(nothing)" : value.length() > SHOWN ? value.substring(0, SHOWN - 3) + "..." : value;
    }

    /** The index after the closing quote of the string opening at {@code open}. */
    private static int stringEnd(String text, int open) {
        int i = open + 1;
        while (i < text.length() && text.charAt(i) != '"') {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, text.length());
    }

    private static String identifierBefore(String text, int end) {
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(text.charAt(start - 1))) {
            start--;
        }
        return text.substring(start, end);
    }

    /** {@code SetBodyDefinition} as {@code setBody}. */
    private static String shortName(String node) {
        String name = node.endsWith("Definition") && node.length() > "Definition".length()
                ? node.substring(0, node.length() - "Definition".length()) : node;
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
