package io.tarn.location.eviction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.tarn.location.Evictable;

/**
 * One walk of a bounded level: the values and bytes it holds, and every value with its last use, oldest first (what
 * the {@link RecencyIndex} is built from: memory grows with the level).
 */
record LruWalk(long values, long bytes, List<Evictable.Stored> oldestFirst) {

    /** Walks the level. */
    static LruWalk of(Evictable usage) {
        List<Evictable.Stored> all = new ArrayList<>();
        long total = 0;
        try (Stream<Evictable.Stored> stored = usage.stored()) {
            for (Evictable.Stored value : (Iterable<Evictable.Stored>) stored::iterator) {
                total += value.size();
                all.add(value);
            }
        }
        all.sort(Comparator.comparing(Evictable.Stored::lastUsed));
        return new LruWalk(all.size(), total, all);
    }
}
