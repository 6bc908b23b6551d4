package io.tarn.location.eviction;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.Key;
import io.tarn.TarnException;
import io.tarn.Value;
import io.tarn.location.Entry;
import io.tarn.location.Evictable;
import io.tarn.location.FailureLog;
import io.tarn.location.Location;
import io.tarn.location.Locker;
import io.tarn.location.Occupancy;
import io.tarn.location.combine.Level;

import static io.tarn.location.Occupancy.Count.RESERVED_BYTES;
import static io.tarn.location.Occupancy.Count.RESERVED_VALUES;
import static io.tarn.location.Occupancy.Count.STORED_BYTES;
import static io.tarn.location.Occupancy.Count.STORED_VALUES;

/**
 * Keeps a bounded cache level of {@link io.tarn.location.combine.Levels} within its {@link Capacity}: after a value is stored there (copy-up or
 * write) past the capacity, it evicts the level's least recently used values, by their usage marks, down to the low
 * watermark, in one batch. What it guarantees:
 * <ul>
 * <li><b>Within capacity plus one batch.</b> A copy-up is reserved before it is made, in counts every process that
 * evicts from the level shares ({@link Occupancy}); it is declined, and the read served from below, when the level
 * with every copy under way already holds more than its capacity plus one batch (what a batch evicts). So the level
 * holds at most that plus the one value whose copy crossed it, whatever the number of readers and processes, also
 * while a batch runs or cannot free what is in use.</li>
 * <li><b>Never the only copy</b>: only a level that holds copies is bounded ({@link Level#isCache()}), and a value is
 * evicted only when a level below it says it holds the key too ({@code contains}).</li>
 * <li><b>Never under a reader or writer, in any process</b>: the delete goes through
 * {@link Evictable#deleteUnusedSince}, which on a disk lake removes a value only if no process uses the key at that
 * moment (a reader holding its value, a writer, a toucher) and nobody used it since the batch started. A batch never
 * waits for a key in use: it passes on to the next candidate, and the next batch finds it again; one starts when a
 * reader lets go of a value of the level while it is past its capacity, so a level that readers kept over it gets back
 * under it as they close their values, not at the next copy.</li>
 * <li>Each delete is one value and its usage mark, as {@link Location#delete} does: a crash between two leaves a
 * consistent lake.</li>
 * </ul>
 * One batch runs at a time per level, across the processes that share its counts. A batch does not walk the level: it
 * takes its candidates from this process's {@link RecencyIndex}, built by one walk of the level at the first batch and
 * kept by this process's uses of the level ({@link #used}, {@link #copied}, {@link #stored}), and reads each
 * candidate's usage mark before deleting it: a mark newer than the index says is another process's use, which keeps the
 * value. The level is walked again once this process has evicted as many values as the last walk found (a walk then
 * costs at most one value looked at per value evicted), and at once when the index runs out of candidates while the
 * level is still past its capacity: the walks find what other processes stored that this one never used (the index
 * does not know it) and correct the counts for what other writers (Python tarn, gc) stored or removed. A batch that
 * could evict nothing
 * (every candidate in use, or an only copy) is not followed by another of this process for four times as long as it
 * took, so that a level full of values in use is not asked on every read. A level whose location lists no usage
 * (Redis, Caffeine, an unreadable disk) is not bounded here: a WARN says so once.
 */
public final class Evictor {
    private static final Logger LOG = LoggerFactory.getLogger(Evictor.class);

    /** What the batches of one level did so far, and the copies declined because the level was past its bound. */
    public record Stats(long batches, long evicted, long evictedBytes, long keptAsOnlyCopy, long copiesDeclined,
                        long nanos, long walks) {
    }

    private final Location location;
    private final Capacity capacity;
    private final List<Location> below;
    private final Evictable usage;
    private final Occupancy occupancy;
    private final Admission admission;
    private final FailureLog failures;
    /** Whether a batch of this process has walked the level: until then the shared counts are not trusted. */
    private volatile boolean measured;
    /** This process's recency index of the level: where a batch takes its candidates from. */
    private final RecencyIndex index = new RecencyIndex();
    /** The values the last walk found, and those evicted by this process since: a walk again when as many went. */
    private long walkedValues;
    private long evictedSinceWalk;
    private final AtomicLong walks = new AtomicLong();
    /** No batch of this process starts before this {@link System#nanoTime()} (after one that evicted nothing). */
    private volatile long noBatchBefore = System.nanoTime();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong evictedBytes = new AtomicLong();
    private final AtomicLong keptAsOnlyCopy = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    public Evictor(Location location, Capacity capacity, List<Location> below, Evictable usage) {
        this.location = location;
        this.capacity = capacity;
        this.below = below;
        this.usage = usage;
        this.occupancy = usage.occupancy();
        this.admission = new Admission(capacity, occupancy);
        this.failures = new FailureLog("Evicting from " + location, "the level may hold more than its capacity until"
                                                                    + " the next batch; copies into it past its"
                                                                    + " capacity plus one batch are declined");
    }

    public Capacity capacity() {
        return capacity;
    }

    /** The counts this evictor shares (for tests). */
    Occupancy occupancy() {
        return occupancy;
    }

    public Stats stats() {
        return new Stats(batches.get(), evicted.get(), evictedBytes.get(), keptAsOnlyCopy.get(), admission.declined(),
                nanos.get(), walks.get());
    }

    /**
     * Reserves room for a copy of {@code size} bytes (negative: not known yet) into the level, before it is made
     * ({@link Admission}). Empty when the level, with the copies under way in every process, already holds more than
     * its capacity plus one batch: the copy is then not to be made (a read is served from the level it was found in),
     * and a batch starts unless one runs.
     */
    public Optional<Admission.Reservation> reserve(long size) {
        Optional<Admission.Reservation> reserved = admission.reserve(size);
        if (reserved.isEmpty()) {
            runBatch(null, true);
        }
        return reserved;
    }

    /** The reserved copy of the key is in the level: counts it, and runs a batch when that takes it past capacity. */
    public void copied(Admission.Reservation reservation, Key key, Value copy) {
        reservation.stored(copy);
        afterStore(key);
    }

    /** A value was written into the level without a reservation: counts it, and runs a batch when past capacity. */
    public void stored(Key key, Value value) {
        admission.stored(value);
        afterStore(key);
    }

    /**
     * This process used the key in the level (a read it served, a touch that found it there): the recency index puts it
     * last.
     */
    public void used(Key key) {
        index.used(key, Instant.now());
    }

    /**
     * The value as handed to a reader of the level: closing it lets go of it, then runs a batch when the level is past
     * its capacity (see {@link #released}).
     */
    public Value handedOut(Value value) {
        return value instanceof HandedOut ? value : new HandedOut(value, this);
    }

    /**
     * A value of the level that a reader held was let go. When the level is past its capacity (a batch could not evict
     * what was held), a batch runs now, also within the pause after one that evicted nothing: the value let go is one
     * it may evict. Two reads of the shared counts otherwise.
     */
    void released() {
        if (capacity.exceededBy(occupancy.get(STORED_VALUES), occupancy.get(STORED_BYTES))) {
            noBatchBefore = System.nanoTime();
            runBatch(null, true);
        }
    }

    private void afterStore(Key key) {
        index.used(key, Instant.now());
        if (measured && !capacity.exceededBy(occupancy.get(STORED_VALUES), occupancy.get(STORED_BYTES))) {
            return;
        }
        runBatch(key, true);
    }

    /** A batch as {@link #evict} runs it, its failures logged (a copy-up or write goes on). */
    private void runBatch(Key keep, boolean automatic) {
        try {
            batch(keep, automatic);
            failures.worked();
        } catch (TarnException | UncheckedIOException e) {
            failures.failed(keep == null ? "a batch" : "key " + keep.hex(), e);
        }
    }

    /**
     * Runs a batch now, unless one is running (in any process that shares the level's counts): measures the level and,
     * when past its capacity, evicts its least recently used values down to the low watermark.
     *
     * @param keep a key not to evict (the one just stored), or null
     * @return the number of values evicted
     */
    public long evict(Key keep) {
        return batch(keep, false);
    }

    private long batch(Key keep, boolean automatic) {
        if (automatic && System.nanoTime() - noBatchBefore < 0) {
            return 0;
        }
        Optional<Locker.Held> lock = occupancy.tryBatch();
        if (lock.isEmpty()) {
            return 0;
        }
        long start = System.nanoTime();
        try (Locker.Held batch = lock.get()) {
            Instant since = Instant.now();
            forgetReservationsOfDeadCopies();
            boolean walked = false;
            if (!measured || evictedSinceWalk >= Math.max(1, walkedValues)) {
                walk();
                measured = true;
                walked = true;
            }
            if (!capacity.exceededBy(occupancy.get(STORED_VALUES), occupancy.get(STORED_BYTES))) {
                return 0;
            }
            batches.incrementAndGet();
            long count = evict(keep, since);
            if (!walked && !drained()) {
                // the index ran out of candidates: values this process never saw (stored by other processes) are
                // found by a walk, and the batch goes on with them
                walk();
                count += evict(keep, since);
            }
            if (count == 0) {
                // nothing could go (in use, only copies): let readers be served from below for a while
                noBatchBefore = System.nanoTime() + 4 * (System.nanoTime() - start);
            }
            return count;
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
        }
    }

    private boolean drained() {
        return capacity.drainedTo(occupancy.get(STORED_VALUES), occupancy.get(STORED_BYTES));
    }

    /**
     * Evicts the least recently used values the index knows, oldest first, until the level is at its low watermark or
     * every key of the index was asked once; how many went. Before a candidate is deleted its usage mark is read: one
     * newer than the index says was made by another process, so the candidate is put back by that use and kept. The
     * delete itself keeps a value in use or used since the batch started ({@link Evictable#deleteUnusedSince}).
     */
    private long evict(Key keep, Instant since) {
        long count = 0;
        long freed = 0;
        for (int asked = index.size(); asked > 0 && !drained(); asked--) {
            Map.Entry<Key, Instant> oldest = index.pollOldest();
            if (oldest == null) {
                break;
            }
            Key key = oldest.getKey();
            if (key.equals(keep)) {
                index.putBack(key, oldest.getValue());
                continue;
            }
            Optional<Evictable.Stored> now = usage.stored(key);
            if (now.isEmpty()) {
                continue; // gone from the level (evicted by another process, gc, a delete): forgotten
            }
            Evictable.Stored candidate = now.get();
            if (candidate.lastUsed().isAfter(oldest.getValue())) {
                index.putBack(key, candidate.lastUsed()); // used by another process since this one last did
                continue;
            }
            if (!copiedBelow(key)) {
                keptAsOnlyCopy.incrementAndGet();
                index.putBack(key, oldest.getValue());
                continue;
            }
            // kept when a process uses it now, or used it since the batch started
            if (useCarriedBelow(candidate) && usage.deleteUnusedSince(key, since)) {
                occupancy.add(STORED_VALUES, -1);
                occupancy.add(STORED_BYTES, -candidate.size());
                evicted.incrementAndGet();
                evictedBytes.addAndGet(candidate.size());
                evictedSinceWalk++;
                count++;
                freed += candidate.size();
            } else {
                index.putBack(key, oldest.getValue());
            }
        }
        if (count > 0) {
            // the level's meters (tarn.evictions) when the tree is metered
            location.events().evicted(count, freed);
        }
        return count;
    }

    /**
     * Sets the reserved counts to zero when no copy holds a reservation in any process: what is left there then was
     * reserved by copies of processes killed mid-way.
     */
    private void forgetReservationsOfDeadCopies() {
        Optional<Locker.Held> quiet = occupancy.tryNoReservations();
        if (quiet.isPresent()) {
            try (Locker.Held none = quiet.get()) {
                occupancy.add(RESERVED_VALUES, -occupancy.get(RESERVED_VALUES));
                occupancy.add(RESERVED_BYTES, -occupancy.get(RESERVED_BYTES));
            }
        }
    }

    /**
     * Walks the level once (see {@link LruWalk}): rebuilds the recency index from the usage marks, and corrects the
     * stored counts by what it found against what they said when it began: what was stored during the walk stays counted
     * (a value placed in a folder the walk had passed would otherwise be lost, and the level stay past its bound; one
     * the walk also saw is counted twice, so the level is drained a little further, never left past). No other batch
     * evicts meanwhile: they wait for the batch lock.
     */
    private void walk() {
        long heldValues = occupancy.get(STORED_VALUES);
        long heldBytes = occupancy.get(STORED_BYTES);
        Instant started = Instant.now();
        LruWalk walk = LruWalk.of(usage);
        occupancy.add(STORED_VALUES, walk.values() - heldValues);
        occupancy.add(STORED_BYTES, walk.bytes() - heldBytes);
        index.rebuild(walk.oldestFirst(), started);
        walkedValues = walk.values();
        evictedSinceWalk = 0;
        walks.incrementAndGet();
    }

    /**
     * Whether the use this copy's mark records is also recorded below, marking the levels below that record use when
     * their mark is older: gc by age goes by a value's newest mark over the tree, and a read this level served marked
     * only this level, so evicting the copy with its mark would let gc remove a value used within its policy (issue 24).
     * They are marked now, not at the copy's time (a mark is set to the time it is made), which can keep a value longer
     * than its policy by as long as the copy stayed here, never shorter. A level that fails to say or to mark keeps
     * the copy here.
     */
    private boolean useCarriedBelow(Evictable.Stored copy) {
        if (!copy.marked()) {
            return true;
        }
        for (Location lower : below) {
            try {
                if (lower.recordsUse() && lower.lastUsed(copy.key()).map(mark -> mark.isBefore(copy.lastUsed()))
                        .orElse(true)) {
                    lower.touch(copy.key());
                }
            } catch (TarnException | UncheckedIOException e) {
                LOG.debug("Could not mark key {} used in {} before evicting it from {}: kept", copy.key().hex(), lower,
                        location, e);
                return false;
            }
        }
        return true;
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
