package io.tarn.location.metrics;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.tarn.location.LocationEvents;

/**
 * The counts of one location's {@link LocationEvents}: reads (hit, miss), writes (stored, declined), bytes in and out,
 * copy-ups (done, failed), evictions, corrupt copies, failures by kind with the last few of them, and the time spent
 * in reads and writes. Striped counters ({@link LongAdder}): a few nanoseconds per event, no lock on the hot path.
 */
public final class LocationStats implements LocationEvents {
    /** How many failures {@link #lastErrors()} keeps. */
    public static final int LAST_ERRORS = 5;

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder readNanos = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder declined = new LongAdder();
    private final LongAdder writeNanos = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder copyUpsDone = new LongAdder();
    private final LongAdder copyUpsFailed = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder evictedBytes = new LongAdder();
    private final LongAdder corrupt = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Deque<Failure> lastErrors = new ArrayDeque<>();

    /** One failure: when, in which operation, its kind (the exception's simple class name) and message. */
    public record Failure(Instant at, String operation, String kind, String message) {
    }

    /** The counts at one moment (each read on its own: a snapshot taken under load may be off by the events meanwhile). */
    public record Snapshot(long hits, long misses, long readNanos, long stored, long declined, long writeNanos,
                           long bytesIn, long bytesOut, long copyUpsDone, long copyUpsFailed, long evictions,
                           long evictedBytes, long corrupt, Map<String, Long> errors) {
        public long reads() {
            return hits + misses;
        }

        public long writes() {
            return stored + declined;
        }
    }

    @Override
    public void read(boolean hit, long bytes, long nanos) {
        (hit ? hits : misses).increment();
        if (hit && bytes > 0) {
            bytesOut.add(bytes);
        }
        if (nanos > 0) {
            readNanos.add(nanos);
        }
    }

    @Override
    public void write(boolean isStored, long bytes, long nanos) {
        (isStored ? stored : declined).increment();
        if (isStored && bytes > 0) {
            bytesIn.add(bytes);
        }
        if (nanos > 0) {
            writeNanos.add(nanos);
        }
    }

    @Override
    public void copiedUp(boolean done) {
        (done ? copyUpsDone : copyUpsFailed).increment();
    }

    @Override
    public void evicted(long count, long bytes) {
        evictions.add(count);
        evictedBytes.add(bytes);
    }

    @Override
    public void corrupt(long copies) {
        corrupt.add(copies);
    }

    @Override
    public void failed(String operation, RuntimeException error) {
        String kind = error.getClass().getSimpleName();
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        Failure failure = new Failure(Instant.now(), operation, kind, String.valueOf(error.getMessage()));
        synchronized (lastErrors) {
            if (lastErrors.size() == LAST_ERRORS) {
                lastErrors.removeFirst();
            }
            lastErrors.addLast(failure);
        }
    }

    /** The last {@link #LAST_ERRORS} failures, oldest first. */
    public List<Failure> lastErrors() {
        synchronized (lastErrors) {
            return List.copyOf(lastErrors);
        }
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long readNanos() {
        return readNanos.sum();
    }

    public long stored() {
        return stored.sum();
    }

    public long declined() {
        return declined.sum();
    }

    public long writeNanos() {
        return writeNanos.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long copyUpsDone() {
        return copyUpsDone.sum();
    }

    public long copyUpsFailed() {
        return copyUpsFailed.sum();
    }

    public long evictions() {
        return evictions.sum();
    }

    public long evictedBytes() {
        return evictedBytes.sum();
    }

    public long corrupt() {
        return corrupt.sum();
    }

    /** Failures so far by kind (the exception's simple class name). */
    public Map<String, Long> errors() {
        Map<String, Long> counts = new TreeMap<>();
        errors.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    public Snapshot snapshot() {
        return new Snapshot(hits(), misses(), readNanos(), stored(), declined(), writeNanos(), bytesIn(), bytesOut(),
                copyUpsDone(), copyUpsFailed(), evictions(), evictedBytes(), corrupt(), errors());
    }
}
