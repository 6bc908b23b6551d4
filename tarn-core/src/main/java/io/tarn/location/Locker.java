package io.tarn.location;

import java.io.Closeable;
import java.time.Duration;

import io.tarn.Key;

/**
 * Read and write locks on keys, shared by every process that reaches the same lock server: Python tarn's
 * {@code Locker} ({@code tarn/tools/locker.py}). Readers of a key share its lock; a writer holds it alone. A lock
 * whose holder died goes away by itself {@link #expiry()} after it was taken, so every wait is bounded: a lock that
 * cannot be had within the expiry and a second more is a {@link io.tarn.LocationException} naming the key and the
 * lock server. Locks are not reentrant: a thread that holds a key's lock and asks for it again waits for itself.
 * <p>
 * A location offers its locker through {@link Location#locker()}; callers ask for it there, never by type.
 */
public interface Locker extends Closeable {

    /** A lock held; closing releases it. */
    interface Held extends AutoCloseable {
        /** Nothing held: what a location without a lock server hands out. */
        Held NONE = () -> {
        };

        /** Releases the lock; never throws (a lock that expired while held is logged). */
        @Override
        void close();
    }

    /** No lock server: every lock is granted at once. */
    Locker NONE = new Locker() {
        @Override
        public Held read(Key key) {
            return Held.NONE;
        }

        @Override
        public Held write(Key key) {
            return Held.NONE;
        }

        @Override
        public Duration expiry() {
            return Duration.ZERO;
        }

        @Override
        public String toString() {
            return "no locker";
        }
    };

    /**
     * Takes a shared lock on the key, waiting while a writer holds it.
     *
     * @throws io.tarn.LocationException if it cannot be had within the bound, or the lock server cannot be reached
     */
    Held read(Key key);

    /**
     * Takes the key's lock alone, waiting while readers or another writer hold it.
     *
     * @throws io.tarn.LocationException if it cannot be had within the bound, or the lock server cannot be reached
     */
    Held write(Key key);

    /** How long a lock outlives a holder that never releases it; waits are bounded by this and a second more. */
    Duration expiry();

    @Override
    default void close() {
    }
}
