package io.tarn;

/**
 * What storing a local file does to it. {@link #COPY} leaves it as it was; {@link #MOVE} takes it into the lake: on
 * the file system of a disk that stores it, the file itself becomes the stored value (hashed, then hard-linked into
 * place and made read-only; no byte is copied), elsewhere it is copied; either way its name is removed once the value
 * is stored. {@link #LINK} stores it as {@code MOVE} does and leaves its name.
 * <p>
 * A file becomes the stored value only if it is a regular file of this process's user with no other name (so nobody
 * else can change the value through it); any other file is copied.
 */
public enum Ingest {
    /** The file stays where it is, untouched; the lake stores a copy. */
    COPY,
    /**
     * The file is taken into the lake: linked into place without a copy where the lake's disk is on its file system
     * (copied elsewhere), then its name is removed. Taken only if it is a regular file that did not change while it was
     * hashed; a crash leaves the file, the stored value, or both, never neither.
     */
    MOVE,
    /**
     * The file is stored as with {@link #MOVE} and keeps its name: where it was linked, the file and the stored value
     * are one file from then on (made read-only, as every stored value), as DVC's hardlink cache type. What a
     * {@code file:} consumer that moves its files after processing (its {@code move} option, or its default
     * {@code .camel/}) needs: it moves the name, the lake keeps the value, and no byte is copied.
     */
    LINK
}
