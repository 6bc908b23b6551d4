package io.tarn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;


/**
 * Reading a value only as far as a bound needs, for the locations that decide by size: Small, the in-memory ones
 * (Redis, Caffeine), the ones that must know a length before they send (S3, SCP). A value whose size is known is
 * never opened to learn it; one of unknown size is read up to one byte past the bound. Too large means "decline",
 * never an error.
 */
public final class BoundedRead {
    private BoundedRead() {
    }

    /**
     * @param max the bound; a byte array holds at most {@link Integer#MAX_VALUE} - 9 bytes, so a larger value is
     *            "too large" whatever the bound
     * @return the whole value, or null when it has more than {@code max} bytes
     * @throws IOException when the value cannot be read; the caller says which location failed to take it
     * @throws LocationException when the value gives other than the number of bytes it says it has
     */
    public static byte[] bytes(Key key, Value value, long max, Object location) throws IOException {
        long size = value.size();
        long cap = Math.min(max, Integer.MAX_VALUE - 9);
        if (size > cap) {
            return null;
        }
        try (InputStream in = value.open()) {
            // one byte more than expected tells a value that is larger than it said
            byte[] bytes = in.readNBytes((int) (size >= 0 ? size + 1 : cap + 1));
            if (bytes.length > cap) {
                return null;
            }
            if (size >= 0 && bytes.length != size) {
                throw new LocationException("The value for " + key + " says it has " + size + " bytes but gave "
                                            + bytes.length + "; not written to " + location, null);
            }
            return bytes;
        }
    }

    /**
     * A small metadata stream (a config.yml, a labels list, a sidecar object) read whole, but never more than
     * {@code limit} + 1 bytes of it.
     *
     * @return its bytes, or null when it has more than {@code limit}
     */
    public static byte[] small(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    /**
     * The size of a value: the one it states, else counted by streaming it once (values are re-readable), reading
     * at most {@code limit + 1} bytes.
     *
     * @return the size, or a number above {@code limit} when the value has more than {@code limit} bytes
     */
    public static long size(Value value, long limit) throws IOException {
        long stated = value.size();
        if (stated >= 0) {
            return stated;
        }
        try (InputStream in = value.open()) {
            return limit == Long.MAX_VALUE ? in.transferTo(OutputStream.nullOutputStream())
                    : skipAtMost(in, limit + 1);
        }
    }

    private static long skipAtMost(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[65536];
        long total = 0;
        for (int n; total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) > 0; ) {
            total += n;
        }
        return total;
    }
}
