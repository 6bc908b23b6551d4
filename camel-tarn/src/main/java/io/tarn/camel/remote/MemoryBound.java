package io.tarn.camel.remote;

import java.io.IOException;
import java.io.InputStream;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.Value;

/**
 * Takes a value into memory only when it fits a bound, for locations that hold values in memory by nature (Redis,
 * an in-memory cache). A value whose size is known and too large is never opened; one of unknown size is read up to
 * one byte past the bound. Too large means "decline", never an error.
 */
public final class MemoryBound {
    private MemoryBound() {
    }

    /**
     * @param max at most {@link Integer#MAX_VALUE} - 9
     * @return the whole value, or null when it has more than {@code max} bytes
     * @throws IOException when the value cannot be read; the caller says which location failed to take it
     */
    public static byte[] read(Key key, Value value, long max, Object location) throws IOException {
        long size = value.size();
        if (size > max) {
            return null;
        }
        try (InputStream in = value.open()) {
            // one byte more than expected tells a value that is larger than it said
            byte[] bytes = in.readNBytes((int) (size >= 0 ? size + 1 : max + 1));
            if (bytes.length > max) {
                return null;
            }
            if (size >= 0 && bytes.length != size) {
                throw new LocationException("The value for " + key + " says it has " + size + " bytes but gave "
                                            + bytes.length + "; not written to " + location, null);
            }
            return bytes;
        }
    }
}
