package io.tarn.location.combine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.location.Evictable;
import io.tarn.location.Location;
import io.tarn.location.eviction.Admission;
import io.tarn.location.eviction.Capacity;
import io.tarn.location.eviction.Evictor;

/**
 * Keeps each bounded level of a {@link Levels} within its capacity: one {@link Evictor} per level that has a capacity
 * and whose location lists its values' usage, told of every value stored and used there. {@link Levels} has refused a
 * bounded level that may hold the only copy of a value ({@link Durability}).
 */
final class LevelBounds {
    private static final Logger LOG = LoggerFactory.getLogger(Levels.class);
    /** Per level: its evictor, or null. */
    private final List<Evictor> evictors;

    LevelBounds(List<Level> levels) {
        List<Evictor> made = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            made.add(evictorOf(levels, i));
        }
        this.evictors = made;
    }

    private static Evictor evictorOf(List<Level> levels, int index) {
        Level level = levels.get(index);
        Capacity capacity = level.capacity();
        if (capacity == null) {
            return null;
        }
        Optional<Evictable> usage = level.location().evictable();
        if (usage.isEmpty()) {
            LOG.warn("The level {} has a capacity, but its location cannot list its values' usage, so it is not"
                     + " bounded by camel-tarn: bound a Caffeine level by its own maximum size, a Redis level by"
                     + " Redis's maxmemory with an allkeys-lru policy", level.location());
            return null;
        }
        usage.get().keepUsage();
        List<Location> lower = levels.subList(index + 1, levels.size()).stream().map(Level::location).toList();
        return new Evictor(level.location(), capacity, lower, usage.get());
    }

    /** What keeps the level within its capacity, when it has one. */
    Optional<Evictor> evictor(int index) {
        return Optional.ofNullable(evictors.get(index));
    }

    /**
     * Copies a value into {@code location}, the level at {@code index}: into a bounded level only if it has room for it
     * within its capacity plus one batch, reserved before the copy is made (declined otherwise: empty, as a level that
     * declines).
     */
    Optional<Value> copyInto(int index, Location location, Key key, Value value, Set<String> labels) {
        Evictor evictor = evictors.get(index);
        if (evictor == null) {
            return location.write(key, value, labels);
        }
        Optional<Admission.Reservation> reserved = evictor.reserve(value.size());
        if (reserved.isEmpty()) {
            return Optional.empty();
        }
        Admission.Reservation reservation = reserved.get();
        try {
            Optional<Value> written = location.write(key, value, labels);
            written.ifPresentOrElse(copy -> evictor.copied(reservation, key, copy), reservation::cancel);
            return written.map(evictor::handedOut);
        } finally {
            reservation.cancel(); // when the write threw; nothing once stored
        }
    }

    /** A value was stored at a level: a bounded one evicts when that takes it past its capacity. */
    void stored(int index, Key key, Value value) {
        Evictor evictor = evictors.get(index);
        if (evictor != null) {
            evictor.stored(key, value);
        }
    }

    /**
     * A value read from the level at {@code index}, as handed to the reader: a bounded level's evictor is told when it
     * is let go ({@link Evictor#handedOut}).
     */
    Value handedOut(int index, Value value) {
        Evictor evictor = evictors.get(index);
        return evictor == null ? value : evictor.handedOut(value);
    }

    /** A use of the key at a level: a bounded level's evictor keeps it in its recency index. */
    void used(int index, Key key) {
        Evictor evictor = evictors.get(index);
        if (evictor != null) {
            evictor.used(key);
        }
    }
}
