package io.tarn.location;

import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.tarn.Key;

/**
 * What eviction and gc need of a location, offered by {@link Location#evictable()} where the location can do it
 * cheaply (a disk lake): its values with their sizes and last uses, listed without marking any used, and a delete that
 * keeps a value used since a given instant, decided under the lock its writers take.
 */
public interface Evictable {

    /**
     * One stored value: its size in bytes and when it was last used (read, written or touched).
     *
     * @param marked whether {@code lastUsed} is the value's usage mark; false: it has none (stored before marks were
     *               kept, or by a process that keeps none), and {@code lastUsed} is when it was stored
     */
    record Stored(Key key, long size, Instant lastUsed, boolean marked) {
        /** A value whose last use is its usage mark. */
        public Stored(Key key, long size, Instant lastUsed) {
            this(key, size, lastUsed, true);
        }
    }

    /** Every value stored here, lazily, without marking any used; close the stream. */
    Stream<Stored> stored();

    /**
     * The one value as {@link #stored()} lists it (its size and last use, read now), without marking it used; empty
     * when it is not stored here. A disk lake answers with two stats; this default walks every value.
     */
    default Optional<Stored> stored(Key key) {
        try (Stream<Stored> all = stored()) {
            return all.filter(value -> value.key().equals(key)).findFirst();
        }
    }

    /**
     * Deletes the value unless it was used at or after {@code since}, checked at the moment of deletion under the lock
     * this location's writers and readers' usage marks go through; a write or read of the key that finished before
     * this call marks it used, so it is kept.
     *
     * @return whether the value was deleted
     */
    boolean deleteUnusedSince(Key key, Instant since);

    /**
     * {@link #deleteUnusedSince(Key, Instant)}, also keeping the value when {@code usedElsewhere} (the key's last use
     * in the other locations of the tree) is at or after {@code since}: asked, where this location can, once the
     * delete holds the key, so that a use marked elsewhere before that moment keeps the value here too.
     */
    default boolean deleteUnusedSince(Key key, Instant since, Supplier<Optional<Instant>> usedElsewhere) {
        if (usedElsewhere.get().filter(used -> !used.isBefore(since)).isPresent()) {
            return false;
        }
        return deleteUnusedSince(key, since);
    }

    /**
     * {@link #deleteUnusedSince(Key, Instant, Supplier)} for a copy of a value held elsewhere (a cache level's copy of
     * what a level below holds): once this location holds the key alone and found it unused, {@code removeOriginal}
     * runs, and the copy here is deleted only if it removed the original (returned true). So the two go together: a
     * use of the copy here (a read or touch through a cache level) either comes first and keeps both, or comes after
     * and finds neither; never a copy left here of a value gc removed below, which a reader would find, touch and be
     * told is kept. Where this location cannot hold a key alone, the original is removed first, then the copy as
     * {@link #deleteUnusedSince(Key, Instant, Supplier)} decides.
     *
     * @return whether the copy here was deleted (false: missing, in use, used since, or the original was kept)
     */
    default boolean deleteCopyUnusedSince(Key key, Instant since, Supplier<Optional<Instant>> usedElsewhere,
                                          BooleanSupplier removeOriginal) {
        return removeOriginal.getAsBoolean() && deleteUnusedSince(key, since, usedElsewhere);
    }

    /**
     * Keeps usage marks from now on even where the location's own configuration keeps none (a disk lake without
     * {@code usage: StatUsage} then marks its values in tarn's format all the same), so that eviction knows what was
     * used.
     */
    void keepUsage();

    /**
     * What the location holds as the evictors of a bounded level count it, shared with other processes where the
     * location can share it; this process's own counts otherwise. Asked once per evictor.
     */
    default Occupancy occupancy() {
        return Occupancy.inProcess();
    }
}
