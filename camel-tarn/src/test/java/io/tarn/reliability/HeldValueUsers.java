package io.tarn.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.lake.Lake;

/**
 * Threads that use a few values of a lake as fast as they can while another process removes whatever is not in use
 * (gc with {@code olderThan=0}): each writes a value again through the lake (a write of a value already stored must
 * not fail because gc removes it meanwhile), writes it through the location and keeps the value the write handed back
 * for a moment, or reads it and keeps it for a moment; a value held must then read whole and hash to its key. The
 * other process's gc finds each value unused most of the time, so the only thing between a use and the removal is
 * the order the use locks impose: a write that does not hold its key in use, or a removal that does not wait for the
 * key to be alone, loses here within seconds (the 2,000-value test of {@link GcAcrossProcessesTest} rarely races).
 */
final class HeldValueUsers {
    private final Lake lake;
    private final int values;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger missing = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final AtomicInteger corrupt = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>("none");
    private final CountDownLatch warm;

    /** Threads using the values of seeds 0 to {@code values - 1} ({@link LakeUsers#value}). */
    HeldValueUsers(Lake lake, int values, int threads, long seed) {
        this.lake = lake;
        this.values = values;
        this.warm = new CountDownLatch(threads * 50);
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed * 31 + t);
            this.threads.add(new Thread(() -> run(random), "held-value-user-" + t));
        }
    }

    /** Starts the threads and returns once each has made 50 uses. */
    HeldValueUsers start() throws InterruptedException {
        threads.forEach(Thread::start);
        warm.await();
        return this;
    }

    private void run(Random random) {
        while (!stop.get()) {
            byte[] bytes = LakeUsers.value(random.nextInt(values));
            Key key = TestData.sha256Key(bytes);
            try {
                switch (random.nextInt(3)) {
                    case 0 -> {
                        if (!lake.write(bytes).equals(key)) {
                            corrupt.incrementAndGet();
                        }
                    }
                    case 1 -> check(key, lake.location().write(key, Value.of(bytes), Set.of()), random);
                    default -> check(key, lake.read(key), random);
                }
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                firstFailure.compareAndSet("none", e.toString());
            }
            warm.countDown();
        }
    }

    /** Keeps the value handed out for 0 to 2 ms, then reads it whole and hashes it. */
    private void check(Key key, Optional<Value> found, Random random) {
        if (found.isEmpty()) {
            missing.incrementAndGet();
            return;
        }
        held.incrementAndGet();
        try (Value value = found.get()) {
            Thread.sleep(random.nextInt(3));
            if (!LakeUsers.hashesTo(value, key)) {
                corrupt.incrementAndGet();
            }
        } catch (IOException e) {
            unreadable.incrementAndGet();
            firstFailure.compareAndSet("none", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the threads: {@code held N missing N unreadable N corrupt N failed N first-failure ...}. */
    String stop() throws InterruptedException {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        return "held " + held + " missing " + missing + " unreadable " + unreadable + " corrupt " + corrupt
               + " failed " + failed + " first-failure " + firstFailure.get().replace('\n', ' ');
    }
}
