package io.tarn.memo;

import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;

import io.tarn.HashAlgorithm;
import io.tarn.Key;

/**
 * Reads a memo index entry in exactly the layout {@link MemoEntry#toJson()} writes, straight from its bytes, without a
 * general parser (a memo hit reads one entry, and SnakeYAML's loader cost more than the rest of the read):
 * <pre>{"charset": "UTF-8", "code": "…", "headers": {"a": "x", "b": null}, "output": "…", "step": "…", "type": "…"}</pre>
 * with {@code charset}, {@code code} and {@code step} left out when absent, one space after each {@code ,} and
 * {@code :}, and strings escaped as {@link io.tarn.Json#quote} does (printable ASCII as is; {@code \" \\ \n \r \t \b
 * \f}; any other character as {@code \}{@code u} and four lower-case hex digits). Anything else, however valid as JSON
 * (another order or spacing, raw UTF-8, numbers, other fields, an unknown escape, a repeated header), is not read here:
 * {@link #read} answers null and the entry goes to the YAML parser, so entries written by another version or by hand
 * still read as before.
 */
final class EntryReader {
    private final byte[] in;
    private int at;

    private EntryReader(byte[] in) {
        this.in = in;
    }

    /** The entry, or null when the bytes are not exactly in the layout {@link MemoEntry#toJson()} writes. */
    static MemoEntry read(byte[] json, HashAlgorithm algorithm) {
        try {
            return new EntryReader(json).entry(algorithm);
        } catch (NotMine e) {
            return null;
        }
    }

    private MemoEntry entry(HashAlgorithm algorithm) {
        expect('{');
        String charset = optionalField("\"charset\": ");
        String code = optionalField("\"code\": ");
        expect("\"headers\": {");
        SortedMap<String, String> headers = new TreeMap<>();
        if (!skip('}')) {
            do {
                String name = string();
                expect(": ");
                if (headers.containsKey(name)) {
                    throw NotMine.INSTANCE; // repeated: the writer never repeats a name
                }
                headers.put(name, stringOrNull());
            } while (skip(", "));
            expect('}');
        }
        expect(", \"output\": ");
        String output = stringOrNull();
        expect(", ");
        String step = optionalField("\"step\": ");
        expect("\"type\": ");
        String type = stringOrNull();
        expect('}');
        if (at != in.length || output != null && type == null || output == null && (type != null || charset != null)) {
            throw NotMine.INSTANCE; // the writer never writes these: the YAML parser decides
        }
        Key key = null;
        if (output != null) {
            if (output.length() != 2 * algorithm.digestSize() || !lowerHex(output)) {
                throw NotMine.INSTANCE;
            }
            key = algorithm.parseKey(output);
        }
        return new MemoEntry(key, type, charset, headers, step, code);
    }

    /** A field the writer leaves out when null, followed by ", ": its text, or null when it is not there. */
    private String optionalField(String name) {
        if (!skip(name)) {
            return null;
        }
        String value = string();
        expect(", ");
        return value;
    }

    private String stringOrNull() {
        return skip("null") ? null : string();
    }

    private String string() {
        expect('"');
        int start = at;
        // the common case, no escape: one pass, one String
        while (at < in.length && in[at] != '"' && in[at] != '\\') {
            if (in[at] < 0x20 || in[at] > 0x7e) {
                throw NotMine.INSTANCE;
            }
            at++;
        }
        if (at < in.length && in[at] == '"') {
            return new String(in, start, at++ - start, StandardCharsets.ISO_8859_1);
        }
        StringBuilder text = new StringBuilder(at - start + 16);
        for (int i = start; i < at; i++) {
            text.append((char) in[i]);
        }
        while (true) {
            if (at >= in.length) {
                throw NotMine.INSTANCE;
            }
            byte b = in[at++];
            if (b == '"') {
                return text.toString();
            }
            if (b < 0x20 || b > 0x7e) {
                throw NotMine.INSTANCE;
            }
            if (b != '\\') {
                text.append((char) b);
                continue;
            }
            if (at >= in.length) {
                throw NotMine.INSTANCE;
            }
            switch (in[at++]) {
                case '"' -> text.append('"');
                case '\\' -> text.append('\\');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'u' -> text.append(escaped());
                default -> throw NotMine.INSTANCE;
            }
        }
    }

    /**
     * The character of a {@code \}{@code u} escape as the writer makes it: four lower-case hex digits of a character
     * it does not write as is (so not one of the short escapes, nor printable ASCII).
     */
    private char escaped() {
        if (at + 4 > in.length) {
            throw NotMine.INSTANCE;
        }
        int c = 0;
        for (int i = 0; i < 4; i++) {
            int digit = hex(in[at++]);
            if (digit < 0) {
                throw NotMine.INSTANCE;
            }
            c = c << 4 | digit;
        }
        if (c >= 0x20 && c <= 0x7e || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
            throw NotMine.INSTANCE;
        }
        return (char) c;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        return b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
    }

    private static boolean lowerHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (hex((byte) text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private void expect(char c) {
        if (!skip(c)) {
            throw NotMine.INSTANCE;
        }
    }

    private void expect(String text) {
        if (!skip(text)) {
            throw NotMine.INSTANCE;
        }
    }

    private boolean skip(char c) {
        if (at < in.length && in[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    /** Skips {@code text} (ASCII) when the bytes go on with it. */
    private boolean skip(String text) {
        int n = text.length();
        if (at + n > in.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (in[at + i] != text.charAt(i)) {
                return false;
            }
        }
        at += n;
        return true;
    }

    /** Not the writer's layout: thrown from anywhere in the reader, without a stack trace (it is no error). */
    private static final class NotMine extends RuntimeException {
        static final NotMine INSTANCE = new NotMine();

        private NotMine() {
            super("not in the layout camel-tarn writes", null, false, false);
        }
    }
}
