package io.tarn.location.eviction;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.tarn.Value;
import io.tarn.location.Locker;
import io.tarn.location.Occupancy;

import static io.tarn.location.Occupancy.Count.RESERVED_BYTES;
import static io.tarn.location.Occupancy.Count.RESERVED_VALUES;
import static io.tarn.location.Occupancy.Count.STORED_BYTES;
import static io.tarn.location.Occupancy.Count.STORED_VALUES;

/**
 * Room for copies into a bounded level: a copy is reserved in the counts every process shares ({@link Occupancy})
 * before it is made, and declined when the level, with the copies under way in every process, already holds more than
 * its capacity plus one batch. So the level holds at most that plus the one value whose copy crossed it, whatever the
 * number of readers and processes.
 */
public final class Admission {
    private final Capacity capacity;
    private final Occupancy occupancy;
    private final AtomicLong declined = new AtomicLong();

    Admission(Capacity capacity, Occupancy occupancy) {
        this.capacity = capacity;
        this.occupancy = occupancy;
    }

    /** Reserves room for a copy of {@code size} bytes (negative: not known yet); empty when the level is past its bound. */
    Optional<Reservation> reserve(long size) {
        long bytes = Math.max(size, 0);
        Locker.Held reserving = occupancy.reserving();
        // reserved first, then read with what is stored: a copy that stored meanwhile counted there before it let go
        // of its reservation, so each copy sees every other one under way or stored, and the last one admitted saw all
        long reservedValues = occupancy.add(RESERVED_VALUES, 1);
        long reservedBytes = occupancy.add(RESERVED_BYTES, bytes);
        if (!capacity.exceededByMoreThanABatch(occupancy.get(STORED_VALUES) + reservedValues - 1,
                occupancy.get(STORED_BYTES) + reservedBytes - bytes)) {
            return Optional.of(new Reservation(bytes, reserving));
        }
        unreserve(bytes, reserving);
        declined.incrementAndGet();
        return Optional.empty();
    }

    /** A value was written into the level without a reservation (a write into a {@code cache=true} level). */
    void stored(Value value) {
        occupancy.add(STORED_VALUES, 1);
        occupancy.add(STORED_BYTES, Math.max(value.size(), 0));
    }

    /** Copies declined so far. */
    long declined() {
        return declined.get();
    }

    private void unreserve(long bytes, Locker.Held reserving) {
        try {
            occupancy.add(RESERVED_VALUES, -1);
            occupancy.add(RESERVED_BYTES, -bytes);
        } finally {
            reserving.close();
        }
    }

    /** Room reserved for one copy into the level: {@link #stored} or {@link #cancel} it (what comes first counts). */
    public final class Reservation {
        private final long bytes;
        private final Locker.Held reserving;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Reservation(long bytes, Locker.Held reserving) {
            this.bytes = bytes;
            this.reserving = reserving;
        }

        /** The copy is in the level: counted as stored, then no longer reserved (see {@link #reserve}). */
        void stored(Value written) {
            if (ended.compareAndSet(false, true)) {
                Admission.this.stored(written);
                unreserve(bytes, reserving);
            }
        }

        /** The copy was not made (declined or failed). */
        public void cancel() {
            if (ended.compareAndSet(false, true)) {
                unreserve(bytes, reserving);
            }
        }
    }
}
