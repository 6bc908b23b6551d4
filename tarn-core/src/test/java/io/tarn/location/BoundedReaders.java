package io.tarn.location;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.tarn.Key;
import io.tarn.TarnException;
import io.tarn.Value;

/**
 * Threads reading random keys through a tree for a while, as a user's readers do: each value handed out is opened,
 * read whole and hashed, at once or, one in eight (a value of a key few read), by a slow consumer that holds it
 * while the process reads on. What {@link BoundedLevelUnderLoadTest} runs in this JVM and in
 * a second one ({@link BoundedLevelReaderMain}).
 */
final class BoundedReaders {
    private BoundedReaders() {
    }

    /**
     * What the readers saw: values read whole, reads that threw, values handed out that could not be read (their file
     * gone, say), values whose bytes did not hash to their key, keys found nowhere; and the first failure's text.
     */
    record Counts(long read, long failed, long unreadable, long corrupt, long missing, String firstFailure) {
        String line() {
            return "read " + read + " failed " + failed + " unreadable " + unreadable + " corrupt " + corrupt
                   + " missing " + missing + " first " + firstFailure.replace(' ', '_');
        }

        static Counts parse(String line) {
            String[] words = line.split(" ");
            if (words.length != 12 || !words[0].equals("read")) {
                throw new IllegalArgumentException("not a line of counts: " + line);
            }
            return new Counts(Long.parseLong(words[1]), Long.parseLong(words[3]), Long.parseLong(words[5]),
                    Long.parseLong(words[7]), Long.parseLong(words[9]), words[11].replace('_', ' '));
        }

        /** Whether every value handed out was read whole and intact, and every key found. */
        boolean allIntact() {
            return failed == 0 && unreadable == 0 && corrupt == 0 && missing == 0;
        }
    }

    /** Reads with {@code threads} threads for {@code duration}. */
    static Counts run(Location tree, List<Key> keys, int threads, Duration duration, long seed) throws Exception {
        Tally tally = new Tally();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed * 31 + t);
                readers.add(pool.submit(() -> {
                    read(tree, keys, random, end, tally);
                    return null;
                }));
            }
            for (Future<?> reader : readers) {
                reader.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Counts(tally.read.get(), tally.failed.get(), tally.unreadable.get(), tally.corrupt.get(),
                tally.missing.get(), tally.first.isEmpty() ? "none" : tally.first.toString());
    }

    /** What the threads saw, and the reads they made (a slow consumer's clock). */
    private static final class Tally {
        final AtomicLong reads = new AtomicLong();
        final AtomicLong read = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong unreadable = new AtomicLong();
        final AtomicLong corrupt = new AtomicLong();
        final AtomicLong missing = new AtomicLong();
        final StringBuffer first = new StringBuffer();
    }

    /** A value a slow consumer holds until {@code dueAt} reads of this process have been made. */
    private record Held(Key key, Value value, long dueAt) {
    }

    /**
     * One thread's reads: three in four of the hot keys (the first three tenths, fewer than the level holds), one in
     * four of the cold ones (the rest), whose copies keep the level evicting. Each value is read whole at once, but
     * one in eight, of a cold key, is held, as a slow consumer does, until the process has made {@link #SLOW} more
     * reads: by then the hot values read meanwhile have made it one of the level's least recently used, which a batch
     * evicts unless the value is held in use.
     */
    private static void read(Location tree, List<Key> keys, Random random, long end, Tally tally) {
        Deque<Held> held = new ArrayDeque<>();
        int hot = keys.size() * 3 / 10;
        while (System.nanoTime() < end) {
            int kind = random.nextInt(8);
            boolean slow = kind == 0;
            Key key = kind < 2 ? keys.get(hot + random.nextInt(keys.size() - hot)) : keys.get(random.nextInt(hot));
            Optional<Value> found;
            try {
                found = tree.read(key);
            } catch (TarnException | UncheckedIOException e) {
                note(tally.first, "read of " + key.hex() + ": " + e);
                tally.failed.incrementAndGet();
                continue;
            }
            long reads = tally.reads.incrementAndGet();
            if (found.isEmpty()) {
                tally.missing.incrementAndGet();
            } else if (slow) {
                held.add(new Held(key, found.get(), reads + SLOW));
            } else {
                check(key, found.get(), tally);
            }
            while (!held.isEmpty() && (held.peek().dueAt() <= reads || System.nanoTime() >= end)) {
                check(held.peek().key(), held.poll().value(), tally);
            }
        }
        held.forEach(slow -> check(slow.key(), slow.value(), tally));
    }

    /** How many reads of the process a slow consumer holds its value for: more than the level holds. */
    private static final int SLOW = 100;

    /** Reads the value whole and closes it: read, corrupt or unreadable. */
    private static void check(Key key, Value found, Tally tally) {
        try (Value value = found) {
            if (hex(value).equals(key.hex())) {
                tally.read.incrementAndGet();
            } else {
                tally.corrupt.incrementAndGet();
            }
        } catch (IOException e) {
            note(tally.first, "value of " + key.hex() + ": " + e);
            tally.unreadable.incrementAndGet();
        }
    }

    private static void note(StringBuffer first, String failure) {
        synchronized (first) {
            if (first.isEmpty()) {
                first.append(failure);
            }
        }
    }

    private static String hex(Value value) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[8192];
        try (InputStream in = value.open()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
