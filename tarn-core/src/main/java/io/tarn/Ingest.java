package io.tarn;

/**
 * What storing a local file does to it. {@link #COPY} leaves it as it was; {@link #MOVE} takes it into the lake: on
 * the file system of a disk that stores it, a large file becomes the stored value itself (made read-only, checked to be
 * written by no process, hashed, then hard-linked into place; no byte is copied), elsewhere it is copied; either way its
 * name is removed once the value is stored. {@link #LINK} stores it as {@code MOVE} does and leaves its name.
 * <p>
 * A file becomes the stored value only if it is a regular file of this process's user with no other name (so nobody
 * else can change the value through it), of at least {@link #ADOPTED_FROM} bytes, that no process holds open for
 * writing or maps writable; any other file is copied, and a file still being written is refused.
 */
public enum Ingest {
    /** The file stays where it is, untouched; the lake stores a copy. */
    COPY,
    /**
     * The file is taken into the lake: linked into place without a copy where the lake's disk is on its file system
     * (copied elsewhere), then its name is removed. Taken only if it is a regular file that did not change while it was
     * hashed and that no process still holds open for writing; a crash leaves the file, the stored value, or both,
     * never neither.
     */
    MOVE,
    /**
     * The file is stored as with {@link #MOVE} and keeps its name: where it was linked, the file and the stored value
     * are one file from then on (made read-only, as every stored value), as DVC's hardlink cache type. What a
     * {@code file:} consumer that moves its files after processing (its {@code move} option, or its default
     * {@code .camel/}) needs: it moves the name, the lake keeps the value, and no byte is copied.
     */
    LINK;

    /**
     * The smallest file that becomes the stored value itself ({@link #MOVE}, {@link #LINK}); a smaller one is copied.
     * Making sure that no process still writes a file means looking at every open file of every process this one may
     * see, which costs milliseconds; below this size a copy costs less (see performance.md, P1).
     */
    public static final long ADOPTED_FROM = 16L << 20;
}
