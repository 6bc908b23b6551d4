package io.tarn.examples.etl.steps;

/** Stands for the expensive part of a real step (a model, a remote call): each step takes this long per message. */
public final class Work {
    private Work() {
    }

    public static void simulate() {
        try {
            Thread.sleep(Long.getLong("etl.work.millis", 400));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
