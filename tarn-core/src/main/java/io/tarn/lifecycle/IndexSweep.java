package io.tarn.lifecycle;

import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;

import io.tarn.Key;

/**
 * The part of a gc that knows an index of derived values (the memo index): which index entries go, and which values
 * of the lake no entry references any more. Implemented beside the index ({@code io.tarn.memo.MemoSweep}), so that
 * this package knows no index format.
 */
public interface IndexSweep {

    /** What the index's first pass found. */
    interface Found {
        /** Outputs of entries that go, that no entry staying references: the lake may drop them. */
        Set<Key> orphanOutputs();

        /**
         * Removes the entries that go (after the lake dropped the orphan outputs, so that a gc killed in between
         * leaves entries whose output is gone, which the next gc and every memo lookup remove); does nothing in a dry
         * run.
         */
        IndexReport sweep(boolean dryRun);
    }

    /** Counts of the index's side of a gc. */
    record IndexReport(String index, long entries, long outputGone, long oldCode, long removed) {
    }

    /**
     * Reads the index: entries whose output {@code stored} says is gone, and entries of old code, go; entries used at or
     * after {@code since} stay.
     */
    Found mark(Predicate<Key> stored, Instant since);
}
