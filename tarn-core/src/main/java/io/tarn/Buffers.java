package io.tarn;

/** Read buffers sized to what they read: a small value checked again (a memo input, say) allocates little. */
final class Buffers {
    /** The largest buffer, for values of unknown or large size. */
    static final int MAX = 65536;

    private Buffers() {
    }

    /** A buffer length for reading a value of {@code size} bytes (-1: unknown) to its end in one go when it is small. */
    static int forSize(long size) {
        return (int) Math.max(1, Math.min(MAX, size >= 0 ? size + 1 : MAX));
    }
}
