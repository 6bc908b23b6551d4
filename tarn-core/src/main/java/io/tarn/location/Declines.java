package io.tarn.location;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.tarn.Value;

/**
 * Why the locations of a tree declined a write, for the {@link io.tarn.WriteDeclinedException} the caller gets when
 * none accepted it. A location that declines for a reason worth telling (read-only, full, a refused folder) returns
 * {@link #decline}; what was said is collected for the duration of one {@link #collect} on the same thread (a write
 * runs on its caller's thread through the whole tree), and dropped otherwise.
 */
public final class Declines {
    private static final ThreadLocal<List<String>> REASONS = new ThreadLocal<>();

    private Declines() {
    }

    /** Declines a write, telling why; returns what {@link Location#write} returns for a decline. */
    public static Optional<Value> decline(Object where, String why) {
        List<String> reasons = REASONS.get();
        if (reasons != null) {
            reasons.add(where + ": " + why);
        }
        return Optional.empty();
    }

    /** Runs a write, adding to {@code into} the reasons every location gives for declining it. */
    public static <T> T collect(List<String> into, Supplier<T> write) {
        List<String> outer = REASONS.get();
        REASONS.set(into);
        try {
            return write.get();
        } finally {
            if (outer == null) {
                REASONS.remove();
            } else {
                REASONS.set(outer);
            }
        }
    }
}
