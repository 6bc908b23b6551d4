package io.tarn.camel.backend.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Uploads a large value held in a local file (a spooled value, a file given to the lake) as a multipart upload of
 * parts of {@code partSize}, {@code threads} parts at a time, through the location's {@link S3Client}. Each part is
 * streamed from its range of the file, so no part is ever held in memory, whatever the value's size. The object
 * appears under its name only when CompleteMultipartUpload succeeds; any failure aborts the upload (waiting first
 * until no part is in flight), so that no part is left stored, and is thrown unchanged. camel-aws2-s3 4.17 uploads parts
 * one after another: this is how a large value goes up in parallel.
 */
final class S3Parts implements AutoCloseable {
    /** Parts in flight per upload (each a connection of the client's pool). */
    static final int THREADS = 4;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final S3Client client;
    private final String bucket;
    private final long partSize;
    private final ExecutorService pool;

    S3Parts(S3Client client, String bucket, long partSize) {
        this.client = client;
        this.bucket = bucket;
        this.partSize = partSize;
        int id = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "tarn-s3-parts-" + id + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.pool = Executors.newFixedThreadPool(THREADS, factory);
    }

    /** Whether a value of this size goes up in parts (at least two). */
    boolean inParts(long size) {
        return size > partSize;
    }

    /** Uploads {@code size} bytes of {@code file} as object {@code name}; nothing is left behind when it fails. */
    void upload(String name, Path file, long size) throws Exception {
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(name)).uploadId();
        List<Future<CompletedPart>> parts = new ArrayList<>();
        AtomicBoolean failed = new AtomicBoolean();
        try {
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long start = offset;
                long length = Math.min(partSize, size - offset);
                int part = number;
                parts.add(pool.submit(() -> failed.get() ? null : part(name, uploadId, part, file, start, length)));
            }
            List<CompletedPart> done = new ArrayList<>();
            for (Future<CompletedPart> part : parts) {
                done.add(result(part));
            }
            done.sort(Comparator.comparing(CompletedPart::partNumber));
            client.completeMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(done)));
        } catch (Exception | Error e) {
            failed.set(true);
            abort(name, uploadId, parts, e);
            throw e;
        }
    }

    private CompletedPart part(String name, String uploadId, int number, Path file, long offset, long length)
            throws IOException {
        try (Range range = new Range(file, offset, length)) {
            RequestBody body = RequestBody.fromContentProvider(range, length, "application/octet-stream");
            String etag = client.uploadPart(b -> b.bucket(bucket).key(name).uploadId(uploadId).partNumber(number)
                    .contentLength(length), body).eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        }
    }

    private static CompletedPart result(Future<CompletedPart> part) throws Exception {
        try {
            return part.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * Waits until no part of the upload is in flight, then aborts it (which drops its parts). The parts not yet
     * started see {@code failed} and send nothing. A part is never cancelled: a cancelled future's {@code get()}
     * returns at once while its part may still be on the wire, and a part stored after the abort would leave the
     * upload open (S3 documents this: "you might need to abort a given multipart upload multiple times").
     */
    private void abort(String name, String uploadId, List<Future<CompletedPart>> parts, Throwable failure) {
        boolean interrupted = false;
        for (Future<CompletedPart> part : parts) {
            // an interrupt does not cut the wait short (a part still sent after the abort would be stored): the
            // client's timeouts bound it, and the interrupt is set again once every part is over
            while (true) {
                try {
                    part.get();
                    break;
                } catch (ExecutionException e) {
                    break; // the part failed: nothing of it to wait for
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /**
     * A part's bytes, streamed from its range of the file; each stream asked for (signing reads the part once before
     * it is sent, a retry sends it again) closes the one before, and closing the range closes the last.
     */
    private static final class Range implements ContentStreamProvider, AutoCloseable {
        private final Path file;
        private final long offset;
        private final long length;
        private InputStream current;

        Range(Path file, long offset, long length) {
            this.file = file;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public synchronized InputStream newStream() {
            try {
                close();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
                current = new Bounded(Channels.newInputStream(channel), length);
                return current;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read part of " + file + " at " + offset + ": " + e, e);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /** The first {@code left} bytes of a stream. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            left -= b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }
    }
}
