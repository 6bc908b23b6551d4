package io.tarn.location.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.tarn.Value;

/**
 * What a location that holds values as byte arrays (in-memory caches, key-value servers) needs from a value that is
 * written: its bytes, but never more than it accepts, and whether it equals what is held.
 */
public final class InMemory {
    private InMemory() {
    }

    /** The value's bytes, or null when it is longer than {@code max}; reads at most {@code max + 1} bytes. */
    public static byte[] readAtMost(Value value, int max) throws IOException {
        try (InputStream in = value.open()) {
            byte[] bytes = in.readNBytes(max + 1);
            return bytes.length > max ? null : bytes;
        }
    }

    /** Whether the value holds exactly {@code held}: sizes first, then the bytes, streamed and stopped at a difference. */
    public static boolean sameBytes(Value value, byte[] held) throws IOException {
        if (value.size() >= 0 && value.size() != held.length) {
            return false;
        }
        return Value.sameBytes(value, new ByteArrayInputStream(held));
    }
}
