package io.tarn.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest heap in use seen, sampled every 5 ms, in MiB: garbage included, so it grows towards -Xmx (64 MiB)
 * whatever the live set; that the operation finishes within 64 MiB is the proof of constant memory.
 */
final class HeapPeak {
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    HeapPeak() {
        Runtime runtime = Runtime.getRuntime();
        sampler = new Thread(() -> {
            while (running) {
                peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
    }

    double stop() {
        running = false;
        return peak.get() / 1048576.0;
    }
}
