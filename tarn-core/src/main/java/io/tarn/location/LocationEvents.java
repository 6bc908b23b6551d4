package io.tarn.location;

/**
 * What happens at one location of a tree, as {@link io.tarn.location.metrics.Metered} sees it from outside and as the parts that know more
 * report it from inside: {@link io.tarn.location.combine.Levels} (a value copied up into a level), {@link io.tarn.location.combine.Verified} and {@code verify} (a copy
 * found corrupt), a bounded location that evicts (through {@link Source}). {@link io.tarn.location.metrics.LocationStats} counts them;
 * camel-tarn publishes those counts through Micrometer, its dev console and JMX. Implementations are called on the
 * paths of reads and writes: they must be cheap, thread-safe and never throw.
 */
public interface LocationEvents {
    /** Reports nothing: the events of a location that is not metered. */
    LocationEvents NONE = new LocationEvents() {
    };

    /** A read answered: a hit (with the value's size, or 0 when unknown) or a miss, after {@code nanos}. */
    default void read(boolean hit, long bytes, long nanos) {
    }

    /** A write answered: stored (with the value's size, or 0 when unknown) or declined, after {@code nanos}. */
    default void write(boolean stored, long bytes, long nanos) {
    }

    /** A value found at a lower level was copied into this one ({@code done}), or the copy failed. */
    default void copiedUp(boolean done) {
    }

    /** This location evicted {@code count} values of {@code bytes} bytes in all to make room. */
    default void evicted(long count, long bytes) {
    }

    /** {@code copies} copies here were found not to hash to their key (a verified read, or verify). */
    default void corrupt(long copies) {
    }

    /** An operation ({@code read}, {@code write}, ...) failed here with this exception (which goes on to the caller). */
    default void failed(String operation, RuntimeException error) {
    }

    /**
     * A location that reports events of its own (evictions, corrupt copies it finds): {@link io.tarn.location.metrics.Metered} hands it the
     * events of its place in the tree when it wraps it.
     */
    interface Source {
        void observe(LocationEvents events);
    }
}
