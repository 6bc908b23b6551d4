package io.tarn.location.eviction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tarn.Key;
import io.tarn.location.Entry;
import io.tarn.location.Evictable;

/**
 * What one process knows of when the values of a bounded level were last used, oldest first: built from the level's
 * usage marks by a walk ({@link #rebuild}), then kept by this process's own reads, copies, writes and touches of the
 * level ({@link #used}), so that an eviction batch takes its candidates from the front instead of walking the level.
 * It is a hint, never the last word: the {@link Evictor} reads each candidate's usage mark before deleting it (other
 * processes' uses are only there), and the delete itself keeps a value used since the batch started.
 * <p>
 * One entry per value the level held at the last walk or this process used there since, each a key and an instant: it
 * grows with the level, not with the number of reads. Thread-safe; every method is a few map operations.
 */
final class RecencyIndex {
    /** Insertion order is the order of use: a use moves the key to the end. */
    private final LinkedHashMap<Key, Instant> order = new LinkedHashMap<>();

    /** This process used the key in the level at {@code when} (read, copied in, written, touched): it goes last. */
    synchronized void used(Key key, Instant when) {
        order.remove(key);
        order.put(key, when);
    }

    /** The key is no longer in the level (evicted, deleted, found missing). */
    synchronized void forget(Key key) {
        order.remove(key);
    }

    /** Takes the least recently used key out of the index, or null when it is empty. */
    synchronized Map.Entry<Key, Instant> pollOldest() {
        Iterator<Map.Entry<Key, Instant>> first = order.entrySet().iterator();
        if (!first.hasNext()) {
            return null;
        }
        Map.Entry<Key, Instant> oldest = first.next();
        first.remove();
        return Map.entry(oldest.getKey(), oldest.getValue());
    }

    /**
     * Puts back a key a batch took out and kept, last (it is not asked again before the others), unless a use of this
     * process put it back meanwhile.
     */
    synchronized void putBack(Key key, Instant used) {
        order.putIfAbsent(key, used);
    }

    synchronized int size() {
        return order.size();
    }

    /**
     * Replaces the index by what a walk of the level found (each value's usage mark, or storage time), oldest first;
     * a key this process used later than its mark says keeps that later use, and one it used since the walk began
     * stays although the walk did not see it (it was stored in a folder the walk had passed). What the walk did not
     * find otherwise is gone from the level, and from the index.
     */
    synchronized void rebuild(List<Evictable.Stored> walked, Instant walkStarted) {
        List<Map.Entry<Key, Instant>> merged = new ArrayList<>(walked.size());
        for (Evictable.Stored value : walked) {
            Instant known = order.remove(value.key());
            Instant last = known != null && known.isAfter(value.lastUsed()) ? known : value.lastUsed();
            merged.add(Map.entry(value.key(), last));
        }
        for (Map.Entry<Key, Instant> left : order.entrySet()) {
            if (!left.getValue().isBefore(walkStarted)) {
                merged.add(left);
            }
        }
        merged.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        order.clear();
        for (Map.Entry<Key, Instant> entry : merged) {
            order.put(entry.getKey(), entry.getValue());
        }
    }
}
