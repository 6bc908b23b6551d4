package io.tarn.location;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

import io.tarn.location.Locker;

/**
 * What a bounded level holds, as the {@link io.tarn.location.eviction.Evictor}s of every process that copies values into it count it, and the
 * locks that order them: the values and bytes stored, the values and bytes of copies under way (reserved before they
 * start, so that a copy is declined, not made, when the level is past its bound), a lock that lets one batch run at a
 * time, and one that tells when no copy is under way anywhere. A disk lake shares them between the processes of its
 * machine (see {@code OccupancyFile}); {@link #inProcess()} keeps them for this process alone.
 * <p>
 * The counts are kept by the evictors alone: what other writers store or delete (Python tarn, gc, a delete by hand)
 * shows when a batch next walks the level and corrects them.
 */
public interface Occupancy {

    /** The four counts. */
    enum Count {
        STORED_VALUES, STORED_BYTES, RESERVED_VALUES, RESERVED_BYTES
    }

    long get(Count count);

    /** Adds {@code delta} to the count, atomically; its new value. */
    long add(Count count, long delta);

    /** Takes the level's batch lock if no batch (of any process sharing the counts) holds it; never waits. */
    Optional<Locker.Held> tryBatch();

    /** Held, shared with every other copy, while a copy into the level is reserved. */
    Locker.Held reserving();

    /**
     * Taken, never waiting, only when no copy holds {@link #reserving()} in any process: the reserved counts are then
     * exactly what copies killed mid-way left behind, and may be set to zero.
     */
    Optional<Locker.Held> tryNoReservations();

    /** Counts and locks of this process alone. */
    static Occupancy inProcess() {
        return new Occupancy() {
            private final AtomicLongArray counts = new AtomicLongArray(Count.values().length);
            private final ReentrantLock batch = new ReentrantLock();

            @Override
            public long get(Count count) {
                return counts.get(count.ordinal());
            }

            @Override
            public long add(Count count, long delta) {
                return counts.addAndGet(count.ordinal(), delta);
            }

            @Override
            public Optional<Locker.Held> tryBatch() {
                return batch.tryLock() ? Optional.of(batch::unlock) : Optional.empty();
            }

            @Override
            public Locker.Held reserving() {
                return Locker.Held.NONE;
            }

            @Override
            public Optional<Locker.Held> tryNoReservations() {
                return Optional.empty(); // a copy of this process always ends its reservation, failed or not
            }
        };
    }
}
