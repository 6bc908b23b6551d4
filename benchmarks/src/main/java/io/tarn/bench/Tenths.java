package io.tarn.bench;

/**
 * When a run of n hand-ons passed the 1st, the n/10th, the (n - n/10)th and the nth value: enough for values/s overall
 * and over the first and the last tenth, in constant memory (a clock per value would be 80 MB at 10⁷ values, more than
 * the child's 64 MiB heap). {@link #record} is called from the one thread that hands values on.
 */
final class Tenths {
    private final long n;
    private final long tenth;
    private volatile long first;
    private volatile long firstTenth;
    private volatile long lastTenthStart;
    private volatile long last;

    Tenths(long n) {
        this.n = n;
        this.tenth = Math.max(1, n / 10);
    }

    /** The clock as the {@code count}th value (from 1) is handed on. */
    void record(long count) {
        if (count == 1 || count == tenth || count == n - tenth || count == n) {
            long now = System.nanoTime();
            if (count == 1) {
                first = now;
            }
            if (count == tenth) {
                firstTenth = now;
            }
            if (count == n - tenth) {
                lastTenthStart = now;
            }
            if (count == n) {
                last = now;
            }
        }
    }

    /** Seconds from the first value to the last. */
    double seconds() {
        return (last - first) / 1e9;
    }

    /** Values/s over the first tenth (from the first value on). */
    double early() {
        return (tenth - 1) / ((firstTenth - first) / 1e9);
    }

    /** Values/s over the last tenth. */
    double late() {
        return tenth / ((last - lastTenthStart) / 1e9);
    }
}
