package io.tarn.location;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;

import io.tarn.Key;
import io.tarn.Value;

/**
 * A large pseudo-random value produced on the fly, never held in memory: each {@link #open()} streams the same bytes.
 */
public final class GeneratedValue implements Value {
    private static final int BLOCK = 64 * 1024;
    private final long size;
    private final long seed;

    public GeneratedValue(long size, long seed) {
        this.size = size;
        this.seed = seed;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() {
        byte[] block = new byte[BLOCK];
        new Random(seed).nextBytes(block);
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position == size) {
                    return -1;
                }
                int inBlock = (int) (position % BLOCK);
                if (inBlock == 0) {
                    // make every block different, so no two parts of the value are equal
                    long index = position / BLOCK;
                    for (int i = 0; i < 8; i++) {
                        block[i] = (byte) (index >>> (8 * i));
                    }
                }
                int n = (int) Math.min(Math.min(len, BLOCK - inBlock), size - position);
                System.arraycopy(block, inBlock, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** The SHA-256 key of this value, computed by streaming it. */
    public Key key() {
        return digest(this);
    }

    /** The SHA-256 key of any value, computed by streaming it. */
    public static Key digest(Value value) {
        try (InputStream in = value.open()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BLOCK];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return Key.of(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
