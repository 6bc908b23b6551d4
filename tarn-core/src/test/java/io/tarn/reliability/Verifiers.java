package io.tarn.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tarn.lake.Lake;

/**
 * Threads running {@code lake.verify(false)} over and over until stopped, to race whatever else uses the lake; they
 * keep the first exceptions their verifies throw.
 */
final class Verifiers {
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch started;
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean stop;

    Verifiers(Lake lake, int count) {
        started = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(() -> {
                started.countDown();
                while (!stop) {
                    try {
                        lake.verify(false);
                    } catch (Throwable e) {
                        if (failures.size() < 5) { // a verify failing on every pass would fill the heap
                            failures.add(e);
                        }
                    }
                }
            }, "fault-matrix-verify-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Waits until every thread is about to verify. */
    void awaitStarted() throws InterruptedException {
        if (!started.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The verify threads did not start within 30 s");
        }
    }

    /** Stops the threads after their current pass; returns what their verifies threw. */
    List<Throwable> stop() throws InterruptedException {
        stop = true;
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            if (thread.isAlive()) {
                failures.add(new IllegalStateException(thread.getName() + " is still verifying 60 s after it was stopped"));
            }
        }
        return List.copyOf(failures);
    }
}
