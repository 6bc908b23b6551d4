package io.tarn.location;

import java.time.Instant;
import java.util.stream.Stream;

import io.tarn.Key;

/**
 * What eviction and gc need of a location, offered by {@link Location#evictable()} where the location can do it
 * cheaply (a disk lake): its values with their sizes and last uses, listed without marking any used, and a delete that
 * keeps a value used since a given instant, decided under the lock its writers take.
 */
public interface Evictable {

    /** One stored value: its size in bytes and when it was last used (read, written or touched). */
    record Stored(Key key, long size, Instant lastUsed) {
    }

    /** Every value stored here, lazily, without marking any used; close the stream. */
    Stream<Stored> stored();

    /**
     * Deletes the value unless it was used at or after {@code since}, checked at the moment of deletion under the lock
     * this location's writers and readers' usage marks go through; a write or read of the key that finished before
     * this call marks it used, so it is kept.
     *
     * @return whether the value was deleted
     */
    boolean deleteUnusedSince(Key key, Instant since);

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
