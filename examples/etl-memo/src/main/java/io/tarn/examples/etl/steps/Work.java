package io.tarn.examples.etl.steps;

import java.util.concurrent.atomic.AtomicLong;

/** Stands for the expensive part of a real step (a model, a remote call): each step takes this long per message. */
public final class Work {
    private static final AtomicLong DONE = new AtomicLong();

    private Work() {
    }

    public static void simulate() {
        DONE.incrementAndGet();
        try {
            Thread.sleep(Long.getLong("etl.work.millis", 400));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many times the expensive part ran in this JVM so far. */
    public static long done() {
        return DONE.get();
    }
}
