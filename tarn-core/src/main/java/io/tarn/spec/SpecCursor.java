package io.tarn.spec;

import io.tarn.LocationSpecException;

/**
 * A position in a spec's text, read token by token, whose errors show the spec with a caret under where they are: the
 * tokenizer of {@link LocationSpec}'s grammar.
 */
final class SpecCursor {
    private final String text;
    private int pos;

    SpecCursor(String text) {
        this.text = text;
    }

    /** Where the cursor stands: the index in the spec of the next character to read. */
    int pos() {
        return pos;
    }

    /** The spec's text from {@code start} to the cursor, trimmed. */
    String since(int start) {
        return text.substring(start, pos).trim();
    }

    /** Whether the whole spec has been read (spaces aside). */
    boolean atEnd() {
        skipSpaces();
        return pos >= text.length();
    }

    /** Whether {@code word} and a '(' come next; if so, reads past them. */
    boolean call(String word) {
        if (word != null && pos + word.length() < text.length() && text.charAt(pos + word.length()) == '('
            && text.regionMatches(true, pos, word, 0, word.length())) {
            pos += word.length() + 1;
            return true;
        }
        return false;
    }

    /** Reads past {@code n} characters the caller has seen (a word from {@link #peekWord()}). */
    void skip(int n) {
        pos += n;
    }

    /** A leaf or option value: quoted text, or text up to the next ',' or ')' at this level. */
    String token() {
        skipSpaces();
        if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
            char quote = text.charAt(pos);
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("a closing " + quote, "the end of the spec");
            }
            String value = text.substring(pos + 1, end);
            pos = end + 1;
            return value;
        }
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
            if (text.charAt(pos) == '(') {
                throw error("',' or ')' (quote a leaf that contains parentheses)", "'('");
            }
            pos++;
        }
        return text.substring(start, pos).trim();
    }

    /** The letters that come next, or null; not read. */
    String peekWord() {
        int end = pos;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return end == pos ? null : text.substring(pos, end);
    }

    /** Whether a ',' comes next; if so, reads past it. */
    boolean comma() {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == ',') {
            pos++;
            return true;
        }
        return false;
    }

    void expect(char c) {
        skipSpaces();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("'" + c + "'", describeHere());
        }
        pos++;
    }

    void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** The index of the first character after the next '=' from {@code from} on that is not a space. */
    int valueAfterEquals(int from) {
        int start = text.indexOf('=', from) + 1;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        return start;
    }

    /** What comes next, for an error: a quoted character, or the end of the spec. */
    String describeHere() {
        return pos >= text.length() ? "the end of the spec" : "'" + text.charAt(pos) + "'";
    }

    LocationSpecException error(String expected, String found) {
        return errorAt(pos, expected, found);
    }

    LocationSpecException errorAt(int at, String expected, String found) {
        return new LocationSpecException("Location spec error at position " + (at + 1) + ": expected " + expected
                                         + ", found " + found + "\n  " + pointer(at));
    }

    /** The error of an option's value, with where in the spec it is. */
    LocationSpecException positioned(LocationSpecException e, int at) {
        return new LocationSpecException(e.getMessage() + " — at position " + (at + 1) + " of the spec:\n  "
                                         + pointer(at));
    }

    /** The spec, and under it a caret at {@code at}; the caller starts the spec's line with two spaces. */
    private String pointer(int at) {
        return text + "\n  " + " ".repeat(Math.min(at, text.length())) + "^";
    }
}
