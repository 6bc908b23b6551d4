package io.tarn.location;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.TarnException;
import io.tarn.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a bounded cache level of {@link Levels} within its {@link Capacity}: after a value is stored there (copy-up or
 * write) past the capacity, it evicts the level's least recently used values, by their usage marks, down to the low
 * watermark, in one batch. Safety, value by value:
 * <ul>
 * <li>only a level that holds copies is bounded ({@link Level#isCache()}), and a value is evicted only when a level
 * below it says it holds the key too ({@code contains}); one whose other copy cannot be confirmed stays;</li>
 * <li>a value a reader of this process holds is never evicted: {@link Levels} pins the key before it looks for it, under
 * a read lock the batch's delete excludes, and unpins it when the value is closed; a reader of another process marks
 * the value used before it is handed it, and the delete keeps a value used since the batch started, decided under the
 * lock the level's writers take ({@link Evictable#deleteUnusedSince}); a stream already open keeps reading a deleted
 * file (POSIX unlink);</li>
 * <li>each delete is one value and its usage mark, as {@link Location#delete} does: a crash between two leaves a
 * consistent lake.</li>
 * </ul>
 * One batch runs at a time per level; a value stored meanwhile waits for the next. The counts are measured by the
 * batch's walk, so values other processes store are counted then. A level whose location lists no usage (Redis,
 * Caffeine, an unreadable disk) is not bounded here: a WARN says so once.
 */
public final class Evictor {
    private static final Logger LOG = LoggerFactory.getLogger(Evictor.class);
    private static final int STRIPES = 64;

    /** What the batches of one level did so far. */
    public record Stats(long batches, long evicted, long evictedBytes, long keptAsOnlyCopy, long nanos) {
    }

    private final Location location;
    private final Capacity capacity;
    private final List<Location> below;
    private final Evictable usage;
    private final FailureLog failures;
    private final ReentrantLock running = new ReentrantLock();
    /** Keys read through the tree in this process and not yet closed: never evicted ({@link #pin}). */
    private final ConcurrentHashMap<Key, AtomicInteger> pins = new ConcurrentHashMap<>();
    /** A reader holds its key's read lock from pinning it until it has its value; a batch deletes under the write lock. */
    private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[STRIPES];
    /** Values and bytes held, as the last batch measured them plus what was stored since; -1 until measured. */
    private final AtomicLong values = new AtomicLong(-1);
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong evictedBytes = new AtomicLong();
    private final AtomicLong keptAsOnlyCopy = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    private Evictor(Location location, Capacity capacity, List<Location> below, Evictable usage) {
        this.location = location;
        this.capacity = capacity;
        this.below = below;
        this.usage = usage;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
        this.failures = new FailureLog("Evicting from " + location, "the level may hold more than its capacity until"
                                                                    + " the next batch");
    }

    /**
     * The evictor of each level (null for a level without capacity); {@link Levels} has refused a bounded level that
     * may hold the only copy of a value ({@link Durability}).
     */
    static List<Evictor> of(List<Level> levels) {
        List<Evictor> evictors = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            Capacity capacity = level.capacity();
            if (capacity == null) {
                evictors.add(null);
                continue;
            }
            Optional<Evictable> usage = level.location().evictable();
            if (usage.isEmpty()) {
                LOG.warn("The level {} has a capacity, but its location cannot list its values' usage, so it is not"
                         + " bounded by camel-tarn: bound a Caffeine level by its own maximum size, a Redis level by"
                         + " Redis's maxmemory with an allkeys-lru policy", level.location());
                evictors.add(null);
                continue;
            }
            usage.get().keepUsage();
            List<Location> lower = levels.subList(i + 1, levels.size()).stream().map(Level::location).toList();
            evictors.add(new Evictor(level.location(), capacity, lower, usage.get()));
        }
        return evictors;
    }

    /**
     * Pins a key for a reader about to look for it: no batch of this process evicts it until {@link #unpin}. The
     * caller holds the key's read lock ({@link #readLock}) from before pinning until it has found (or copied up) the
     * value, so that a batch deletes a key either before the reader looks or not at all.
     */
    void pin(Key key) {
        pins.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    void unpin(Key key) {
        pins.computeIfPresent(key, (k, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    Lock readLock(Key key) {
        return stripe(key).readLock();
    }

    private ReentrantReadWriteLock stripe(Key key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }

    public Capacity capacity() {
        return capacity;
    }

    public Stats stats() {
        return new Stats(batches.get(), evicted.get(), evictedBytes.get(), keptAsOnlyCopy.get(), nanos.get());
    }

    /** A value was stored in the level: counts it, and runs a batch when that takes the level past its capacity. */
    void stored(Key key, Value value) {
        long held = values.get();
        if (held >= 0) {
            held = values.incrementAndGet();
            long size = value.size();
            bytes.addAndGet(Math.max(size, 0));
            if (!capacity.exceededBy(held, bytes.get())) {
                return;
            }
        }
        try {
            evict(key);
            failures.worked();
        } catch (TarnException | UncheckedIOException e) {
            failures.failed("key " + key.hex(), e);
        }
    }

    /**
     * Runs a batch now, unless one is running: measures the level and, when past its capacity, evicts its least
     * recently used values down to the low watermark.
     *
     * @param keep a key not to evict (the one just stored), or null
     * @return the number of values evicted
     */
    public long evict(Key keep) {
        if (!running.tryLock()) {
            return 0;
        }
        long start = System.nanoTime();
        try {
            Instant since = Instant.now();
            if (values.get() < 0) {
                measure();
            }
            if (!capacity.exceededBy(values.get(), bytes.get())) {
                return 0;
            }
            // one walk: the oldest values this process's counts say must go, and what the level really holds
            List<Evictable.Stored> oldest = oldest(values.get(), bytes.get());
            if (!capacity.exceededBy(values.get(), bytes.get())) {
                return 0; // another process evicted or deleted meanwhile
            }
            batches.incrementAndGet();
            long count = 0;
            long freed = 0;
            for (Evictable.Stored candidate : oldest) {
                if (capacity.drainedTo(values.get(), bytes.get())) {
                    break;
                }
                if (candidate.key().equals(keep)) {
                    continue;
                }
                if (!copiedBelow(candidate.key())) {
                    keptAsOnlyCopy.incrementAndGet();
                    continue;
                }
                if (delete(candidate.key(), since)) {
                    values.decrementAndGet();
                    bytes.addAndGet(-candidate.size());
                    evicted.incrementAndGet();
                    evictedBytes.addAndGet(candidate.size());
                    count++;
                    freed += candidate.size();
                }
            }
            if (count > 0) {
                // the level's meters (tarn.evictions) when the tree is metered
                Metered.events(location).evicted(count, freed);
            }
            return count;
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
            running.unlock();
        }
    }

    /**
     * Deletes a candidate unless a reader of this process holds it (pinned, or looking for it right now: the write
     * lock is not to be had, also when this thread is that reader) or it was used since the batch started.
     */
    private boolean delete(Key key, Instant since) {
        Lock lock = stripe(key).writeLock();
        if (!lock.tryLock()) {
            return false;
        }
        try {
            return !pins.containsKey(key) && usage.deleteUnusedSince(key, since);
        } finally {
            lock.unlock();
        }
    }

    /** Walks the level once: its values and bytes become the counters. */
    private void measure() {
        // from zero, and added to: what stored() counts during the walk is kept (a value placed in a folder the walk
        // has passed would otherwise be lost, and the level stay past its capacity until the next store)
        values.set(0);
        bytes.set(0);
        long count = 0;
        long total = 0;
        try (Stream<Evictable.Stored> stored = usage.stored()) {
            for (Evictable.Stored value : (Iterable<Evictable.Stored>) stored::iterator) {
                count++;
                total += value.size();
            }
        }
        values.addAndGet(count);
        bytes.addAndGet(total);
    }

    /**
     * The least recently used values whose removal brings the level from what the counters say it holds to its low
     * watermark, oldest first: one walk keeping a heap of only those (memory grows with the batch, not with the
     * level), which also counts what the level really holds (values other processes stored or deleted) into the
     * counters.
     */
    private List<Evictable.Stored> oldest(long heldValues, long heldBytes) {
        long needValues = capacity.values() > 0 ? heldValues - (long) (capacity.values() * capacity.lowWatermark()) : 0;
        long needBytes = capacity.bytes() > 0 ? heldBytes - (long) (capacity.bytes() * capacity.lowWatermark()) : 0;
        Comparator<Evictable.Stored> byUse = Comparator.comparing(Evictable.Stored::lastUsed);
        PriorityQueue<Evictable.Stored> newestFirst = new PriorityQueue<>(byUse.reversed());
        long heapBytes = 0;
        long count = 0;
        long total = 0;
        long countedValues = values.get();
        long countedBytes = bytes.get();
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
        // the walk's count replaces what the counters held when it began; what stored() counted meanwhile stays (a
        // value the walk also saw is then counted twice: the level is drained a little further, never left past)
        values.addAndGet(count - countedValues);
        bytes.addAndGet(total - countedBytes);
        List<Evictable.Stored> oldestFirst = new ArrayList<>(newestFirst);
        oldestFirst.sort(byUse);
        return oldestFirst;
    }

    /** Whether a level below says it holds the key; one that fails says nothing, so the value stays. */
    private boolean copiedBelow(Key key) {
        for (Location lower : below) {
            try {
                if (lower.contains(key)) {
                    return true;
                }
            } catch (TarnException | UncheckedIOException e) {
                LOG.debug("Could not ask {} for key {} before evicting it from {}: kept", lower, key.hex(), location, e);
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "evictor of " + location + " (" + capacity.spec() + ")";
    }
}
