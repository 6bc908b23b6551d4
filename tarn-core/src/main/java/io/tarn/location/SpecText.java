package io.tarn.location;

/**
 * The spec form a location prints as its {@code toString()}: a leaf that holds a character the spec parser splits on
 * ({@code ,} {@code (} {@code )} a quote or a space) is quoted, so that the printed form parses back to the same tree.
 */
public final class SpecText {
    private SpecText() {
    }

    /** Quotes a leaf for a spec when it holds characters the parser splits on. */
    public static String quote(String leaf) {
        boolean plain = leaf.chars().noneMatch(c -> c == ',' || c == '(' || c == ')' || c == '\'' || Character.isWhitespace(c));
        return plain ? leaf : leaf.indexOf('\'') < 0 ? "'" + leaf + "'" : "\"" + leaf + "\"";
    }

    /** A leaf as {@link #quote} gave it, without its quotes (itself when it has none). */
    public static String unquote(String text) {
        boolean quoted = text.length() > 1 && (text.startsWith("'") && text.endsWith("'")
                                               || text.startsWith("\"") && text.endsWith("\""));
        return quoted ? text.substring(1, text.length() - 1) : text;
    }
}
