package io.tarn.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.tarn.Key;
import io.tarn.LocationException;

/**
 * {@link Lake#writeAll}: many small values written by the calling thread and up to {@code threads - 1} helpers at
 * once, each taking the next value, so that one value's system calls (a disk's create, write, link) overlap another's
 * hashing. The helpers come from one pool of daemon threads shared by every lake, started on demand and ended when idle.
 */
final class BatchWrites {
    /** Helper threads of every lake together: the batches of one JVM do not multiply threads past this. */
    private static final int MAX_HELPERS = 16;
    private static final ThreadPoolExecutor HELPERS = helpers();

    private BatchWrites() {
    }

    /** The keys of {@code values}, in their order, each stored by {@code write}. */
    static List<Key> run(List<byte[]> values, int threads, Function<byte[], Key> write) {
        if (threads < 1) {
            throw new IllegalArgumentException("writeAll needs at least one thread, not " + threads);
        }
        Key[] keys = new Key[values.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < keys.length; ) {
                byte[] value = values.get(i);
                if (value == null) {
                    throw new IllegalArgumentException("Value " + i + " of writeAll is null: pass the bytes of every value");
                }
                keys[i] = write.apply(value);
            }
        };
        int helpers = Math.min(threads, keys.length) - 1;
        List<Future<?>> started = new ArrayList<>(Math.max(helpers, 0));
        RuntimeException failure = null;
        try {
            for (int h = 0; h < helpers; h++) {
                started.add(HELPERS.submit(worker));
            }
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(keys.length);
        } finally {
            failure = join(started, failure, next, keys.length);
        }
        if (failure != null) {
            throw failure;
        }
        return List.of(keys);
    }

    /** Waits for every helper (none outlives the call), keeping the first failure; a failure stops the others. */
    private static RuntimeException join(List<Future<?>> started, RuntimeException failure, AtomicInteger next, int end) {
        boolean interrupted = false;
        for (Future<?> helper : started) {
            while (true) {
                try {
                    helper.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    next.set(end);
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r
                                : new LocationException("A write of writeAll failed: " + e.getCause(), e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return failure;
    }

    private static ThreadPoolExecutor helpers() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_HELPERS, MAX_HELPERS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "tarn-write-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
