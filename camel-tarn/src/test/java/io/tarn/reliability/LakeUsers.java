package io.tarn.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.lake.Lake;

/**
 * Threads using a lake as a route would, until stopped: each picks a random value of the lake's even seeds (the odd
 * ones are never used) and reads it (opening it a moment after it was handed out and hashing it), touches it, or
 * writes it again; now and then it writes a new value. Every use that succeeded is noted, with its key; every failure
 * is counted: a write that threw, a value handed out that could not be read whole or did not hash to its key.
 */
final class LakeUsers {
    /** The value of seed {@code seed}: 1 to 4 KiB of pseudo-random bytes. */
    static byte[] value(int seed) {
        return TestData.bytes(1024 + seed % 3072, seed);
    }

    private final Lake lake;
    private final int values;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<List<String>> used = new ArrayList<>();
    private final AtomicInteger missing = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final AtomicInteger corrupt = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>("none");
    private final CountDownLatch warm;

    /**
     * @param values the seeds stored: 0 to values - 1; new values get seeds from 1,000,000 on, by thread
     */
    LakeUsers(Lake lake, int values, int threads, long seed) {
        this.lake = lake;
        this.values = values;
        this.warm = new CountDownLatch(threads * 50);
        for (int t = 0; t < threads; t++) {
            List<String> mine = new ArrayList<>();
            used.add(mine);
            Random random = new Random(seed * 31 + t);
            int thread = t;
            this.threads.add(new Thread(() -> run(random, mine, 1_000_000 + thread * 100_000), "lake-user-" + t));
        }
    }

    /** Starts the threads and returns once each has made 50 uses. */
    LakeUsers start() throws InterruptedException {
        threads.forEach(Thread::start);
        warm.await();
        return this;
    }

    private void run(Random random, List<String> mine, int newSeeds) {
        int fresh = newSeeds;
        while (!stop.get()) {
            int seed = random.nextInt(values / 2) * 2;
            int op = random.nextInt(20);
            try {
                Optional<Key> done = switch (op) {
                    case 0 -> Optional.of(lake.write(value(fresh++)));
                    case 1, 2, 3, 4, 5, 6 -> Optional.of(lake.write(value(seed)));
                    case 7, 8, 9, 10, 11, 12 -> touch(TestData.sha256Key(value(seed)));
                    default -> read(TestData.sha256Key(value(seed)), random);
                };
                done.ifPresent(key -> {
                    synchronized (mine) {
                        mine.add(key.hex());
                    }
                });
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                firstFailure.compareAndSet("none", e.toString());
            }
            warm.countDown();
        }
    }

    private Optional<Key> touch(Key key) {
        if (lake.touch(key)) {
            return Optional.of(key);
        }
        missing.incrementAndGet();
        return Optional.empty();
    }

    private Optional<Key> read(Key key, Random random) {
        Optional<Value> found = lake.read(key);
        if (found.isEmpty()) {
            missing.incrementAndGet();
            return Optional.empty();
        }
        try (Value value = found.get()) {
            Thread.sleep(random.nextInt(3));
            if (!hashesTo(value, key)) {
                corrupt.incrementAndGet();
                return Optional.empty();
            }
            return Optional.of(key);
        } catch (IOException e) {
            unreadable.incrementAndGet();
            firstFailure.compareAndSet("none", e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Whether the value, read whole, hashes to the (SHA-256) key. */
    static boolean hashesTo(Value value, Key key) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = value.open()) {
            in.transferTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), digest));
        }
        return HexFormat.of().formatHex(digest.digest()).equals(key.hex());
    }

    /** Stops the threads; writes the key of every use that succeeded, one a line, to {@code file}. */
    String stop(Path file) throws Exception {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        List<String> lines = new ArrayList<>();
        used.forEach(lines::addAll);
        Files.write(file, lines);
        return "used " + lines.size() + " missing " + missing + " unreadable " + unreadable + " corrupt " + corrupt
               + " failed " + failed + " first-failure " + firstFailure.get().replace('\n', ' ');
    }
}
