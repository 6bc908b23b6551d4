package io.tarn.location;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * One walk of a bounded level: the values and bytes it holds, and its least recently used values whose removal frees
 * at least the values and bytes asked for, oldest first. Only those are kept in memory (a heap), so memory grows with
 * a batch, not with the level.
 */
record LruWalk(long values, long bytes, List<Evictable.Stored> oldestFirst) {

    /** Walks the level; {@code needValues} and {@code needBytes} are what the oldest values must add up to (0: none). */
    static LruWalk of(Evictable usage, long needValues, long needBytes) {
        Comparator<Evictable.Stored> byUse = Comparator.comparing(Evictable.Stored::lastUsed);
        PriorityQueue<Evictable.Stored> newestFirst = new PriorityQueue<>(byUse.reversed());
        long heapBytes = 0;
        long count = 0;
        long total = 0;
        try (Stream<Evictable.Stored> stored = usage.stored()) {
            for (Evictable.Stored value : (Iterable<Evictable.Stored>) stored::iterator) {
                count++;
                total += value.size();
                newestFirst.add(value);
                heapBytes += value.size();
                while (!newestFirst.isEmpty() && newestFirst.size() - 1 >= needValues
                       && heapBytes - newestFirst.peek().size() >= needBytes) {
                    heapBytes -= newestFirst.poll().size();
                }
            }
        }
        List<Evictable.Stored> oldestFirst = new ArrayList<>(newestFirst);
        oldestFirst.sort(byUse);
        return new LruWalk(count, total, oldestFirst);
    }
}
