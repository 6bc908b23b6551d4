package io.tarn.lake;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads that write into the spool while the calling thread hashes ({@link StreamSpool}, {@link FileSpool}):
 * daemon threads, created on demand, idle ones end; and how the caller waits for one's result.
 */
final class Copier {
    private static final ExecutorService COPIER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "tarn-spool-copy");
        thread.setDaemon(true);
        return thread;
    });

    private Copier() {
    }

    static <T> Future<T> submit(Callable<T> task) {
        return COPIER.submit(task);
    }

    /** The result of a task of the copier, once it is over; its IOException as is. */
    static <T> T result(Future<T> task) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("Copying into the spool failed: " + e.getCause(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
