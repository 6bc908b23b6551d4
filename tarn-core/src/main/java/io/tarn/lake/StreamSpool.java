package io.tarn.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes a large stream into a spool file on a {@link Copier} thread while the calling thread reads and hashes it, a
 * few fixed buffers going back and forth between the two: constant memory, whatever the size.
 */
final class StreamSpool {
    private static final int BUFFER = 256 * 1024;
    /** Buffers going round between the thread that reads and hashes a stream and the one that writes it. */
    private static final int BUFFERS = 4;
    /** How long the reader waits for a free buffer before it looks again whether the writer failed. */
    private static final long WAIT_MILLIS = 50;
    /** Pills for the writer: the value is complete (flush and close), or the reader failed (stop writing). */
    private static final Chunk END = new Chunk(new byte[0], 0, false);
    private static final Chunk STOP = new Chunk(new byte[0], 0, false);

    private StreamSpool() {
    }

    /**
     * Hashes {@code head}, then the rest of {@code in}, on this thread while a {@link Copier} thread writes them to
     * {@code target}. At most {@link #BUFFERS} buffers of {@link #BUFFER} bytes go round: this thread fills one, hashes
     * it and queues it; the writer writes it and hands it back, and only then is it filled again. A writer that fails
     * stops the reading before the next buffer is filled; a reader that fails (or is interrupted) stops the writer
     * once the write under way is done, dropping what was queued.
     * Either way the writer has ended when this method returns or throws, so the caller may discard the target.
     *
     * @return the number of bytes hashed and written
     */
    static long pipe(byte[] head, InputStream in, MessageDigest digest, SpoolTarget target) throws IOException {
        // what goes round is the head, at most BUFFERS buffers and one pill: adding to these queues never fails
        BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 2);
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        Future<Long> write = Copier.submit(() -> drain(full, free, target));
        long size = head.length;
        try {
            full.add(new Chunk(head, head.length, false));
            // the first buffer only tops the head up to a multiple of BUFFER, so that every later read and write starts
            // on a page boundary of the spool file (and of a file being read): after a head of 64 KiB + 1 byte, the
            // unaligned writes made a 1 GiB stream 1.27x slower on ext4 (performance.md, P1')
            int want = (int) (BUFFER - size % BUFFER);
            int allocated = 0;
            while (!write.isDone()) { // the writer ends early only by failing: then stop reading
                if (Thread.currentThread().isInterrupted()) {
                    throw interrupted(target);
                }
                byte[] buffer = free.poll();
                if (buffer == null && allocated < BUFFERS) {
                    buffer = new byte[BUFFER];
                    allocated++;
                }
                while (buffer == null && !write.isDone()) {
                    try {
                        buffer = free.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw interrupted(target);
                    }
                }
                if (buffer == null) {
                    break;
                }
                int n = in.readNBytes(buffer, 0, want);
                if (n > 0) {
                    digest.update(buffer, 0, n);
                    full.add(new Chunk(buffer, n, true));
                    size += n;
                }
                if (n < want) { // the end of the stream, which is read once as before
                    full.add(END);
                    break;
                }
                want = BUFFER;
            }
        } catch (IOException | RuntimeException | Error e) {
            // the writer must be over before the caller deletes its file: it ends after the write under way
            full.clear();
            full.add(STOP);
            try {
                Copier.result(write);
            } catch (IOException | RuntimeException other) {
                e.addSuppressed(other);
            }
            throw e;
        }
        long written = Copier.result(write); // throws the writer's failure, if that is what ended the loop
        if (written != size) {
            throw new IOException("Spooling " + size + " bytes to " + target.file() + " wrote " + written);
        }
        return size;
    }

    /** The interrupt stays set, for the caller to see. */
    private static InterruptedIOException interrupted(SpoolTarget target) {
        return new InterruptedIOException("Interrupted while spooling a value to " + target.file());
    }

    /** The writer's side of {@link #pipe}: writes queued chunks until {@link #END} or {@link #STOP}. */
    private static long drain(BlockingQueue<Chunk> full, BlockingQueue<byte[]> free, SpoolTarget target) throws IOException,
            InterruptedException {
        long written = 0;
        try (target) {
            while (true) {
                Chunk chunk = full.take();
                if (chunk == STOP) {
                    return -1;
                }
                if (chunk == END) {
                    target.flush();
                    return written;
                }
                target.write(chunk.bytes, 0, chunk.length);
                written += chunk.length;
                if (chunk.recycled) {
                    free.add(chunk.bytes);
                }
            }
        }
    }

    /** {@code length} bytes of {@code bytes} to write; a recycled buffer goes back to the reader once written. */
    private record Chunk(byte[] bytes, int length, boolean recycled) {
    }
}
