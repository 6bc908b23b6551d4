package io.tarn.location;

import java.io.IOException;
import java.io.InputStream;

import io.tarn.CollisionException;
import io.tarn.Key;
import io.tarn.Value;

/**
 * The collision check of every location: a key already present must hold the same bytes as the value written under
 * it again. Sizes first, when the value tells its own; then the bytes, streamed block by block and stopped at the
 * first difference, so neither copy is ever held whole.
 */
public final class Collisions {
    private Collisions() {
    }

    /** Opens the stored copy; its failures go to the caller, who knows the location. */
    @FunctionalInterface
    public interface Stored<E extends Exception> {
        InputStream open() throws E;
    }

    /**
     * @param storedSize the stored copy's size, or -1 when it is unknown
     * @param where the location, as the exception names it
     * @throws CollisionException naming the key and {@code where} when the two differ
     */
    public static <E extends Exception> void check(Key key, Value value, long storedSize, Stored<E> stored, String where)
            throws E, IOException {
        long size = value.size();
        if (size >= 0 && storedSize >= 0 && size != storedSize) {
            throw new CollisionException(key, where);
        }
        try (InputStream in = stored.open()) {
            if (!Value.sameBytes(value, in)) {
                throw new CollisionException(key, where);
            }
        }
    }
}
