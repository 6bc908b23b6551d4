package io.tarn.lake;

/** What {@link Lake#fetch} did for one key. */
public enum Fetched {
    /** Found, and held by (or copied into) the upper levels that take copies, where the tree has any. */
    FOUND,
    /**
     * Found in a lower level, but no upper level that takes copies took one: they declined it (full, read-only, too
     * large for a {@code small} level) or failed (unreachable, an I/O error; logged). The value stays where it was,
     * intact and readable.
     */
    NOT_COPIED,
    /** No location of the lake holds the key. */
    MISSING
}
