package io.tarn.lake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.Value;

/**
 * An incoming value read exactly once: hashed while it is copied to memory (when it is small) or to a temporary file
 * in the first of the lake's spool folders that can hold it (otherwise; see {@link SpoolTarget}). A large stream is read and hashed by the calling thread while a
 * {@link #COPIER} thread writes it to the file, a few fixed buffers going back and forth between them (constant
 * memory, whatever the size). A large local file is the one exception to reading once: the kernel copies it while
 * the calling thread hashes it, so it is read twice, the second time mostly from the page cache. (A file taken into the
 * lake may become the value itself: see {@link Taken}.) A disk location on
 * the same file system stores the temporary file by hard-linking it into place ({@link #linkTo}); the temporary name
 * is removed on {@link #close()}, and a failure while spooling removes it at once.
 */
final class Spooled implements Value {
    private static final int BUFFER = 256 * 1024;
    /** The buffer a local file is read into to hash it (see {@link #hash}). */
    private static final int HASH_BUFFER = 1 << 20;
    private static final ThreadLocal<java.nio.ByteBuffer> HASHING =
            ThreadLocal.withInitial(() -> java.nio.ByteBuffer.allocateDirect(HASH_BUFFER));
    /** Buffers going round between the thread that reads and hashes a stream and the one that writes it. */
    private static final int BUFFERS = 4;
    /** How long the reader waits for a free buffer before it looks again whether the writer failed. */
    private static final long WAIT_MILLIS = 50;
    /** Pills for the writer: the value is complete (flush and close), or the reader failed (stop writing). */
    private static final Chunk END = new Chunk(new byte[0], 0, false);
    private static final Chunk STOP = new Chunk(new byte[0], 0, false);
    /**
     * Copies files and writes streams into the spool while the caller hashes them; daemon threads, created on demand,
     * idle ones end.
     */
    private static final ExecutorService COPIER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "tarn-spool-copy");
        thread.setDaemon(true);
        return thread;
    });

    private final Key key;
    private final long size;
    private final byte[] bytes;
    private volatile Path file;

    private Spooled(Key key, long size, byte[] bytes, Path file) {
        this.key = key;
        this.size = size;
        this.bytes = bytes;
        this.file = file;
    }

    /**
     * Reads {@code in} to its end, hashing it on the way. A value larger than {@code memoryLimit} is written to a
     * temporary file in the first of {@code folders} that can hold it (see {@link SpoolTarget}) by another thread while
     * this one reads and hashes (see {@link #pipe}).
     *
     * @param memoryLimit values of at most this many bytes stay in memory
     * @throws SpoolTarget.SpoolException when no folder could hold the value; other IOExceptions come from {@code in}
     */
    static Spooled spool(InputStream in, HashAlgorithm algorithm, List<Path> folders, int memoryLimit) throws IOException {
        return spool(in, algorithm, folders, memoryLimit, Files::newOutputStream);
    }

    static Spooled spool(InputStream in, HashAlgorithm algorithm, Path folder, int memoryLimit) throws IOException {
        return spool(in, algorithm, List.of(folder), memoryLimit);
    }

    static Spooled spool(InputStream in, HashAlgorithm algorithm, Path folder, int memoryLimit, Sink sink) throws IOException {
        return spool(in, algorithm, List.of(folder), memoryLimit, sink);
    }

    /** As {@link #spool(InputStream, HashAlgorithm, List, int)}, opening each temporary file with {@code sink}. */
    static Spooled spool(InputStream in, HashAlgorithm algorithm, List<Path> folders, int memoryLimit, Sink sink)
            throws IOException {
        MessageDigest digest = algorithm.newDigest();
        byte[] head = in.readNBytes(memoryLimit + 1);
        digest.update(head);
        if (head.length <= memoryLimit) {
            return new Spooled(Key.of(digest.digest()), head.length, head, null);
        }
        SpoolTarget target = SpoolTarget.open(folders, sink);
        try {
            long size = pipe(head, in, digest, target);
            return new Spooled(Key.of(digest.digest()), size, null, target.file());
        } catch (IOException | RuntimeException | Error e) {
            target.discard();
            throw e;
        }
    }

    /** A file of this user's that became the value itself, hashed where it is ({@link Taken}); {@link #close()} removes that name. */
    static Spooled adopted(Key key, long size, Path file) {
        return new Spooled(key, size, null, file);
    }

    /**
     * Small bytes already in memory, hashed where they are. The array is not copied: the caller must not change it
     * while the value is in use (stores copy what they keep).
     */
    static Spooled of(byte[] bytes, HashAlgorithm algorithm) {
        return new Spooled(Key.of(algorithm.newDigest().digest(bytes)), bytes.length, bytes, null);
    }

    /** Opens the temporary file a large value is written to; a seam for tests. */
    @FunctionalInterface
    interface Sink {
        OutputStream open(Path file) throws IOException;
    }

    /**
     * Hashes {@code head}, then the rest of {@code in}, on this thread while a {@link #COPIER} thread writes them to
     * {@code file}. At most {@link #BUFFERS} buffers of {@link #BUFFER} bytes go round: this thread fills one, hashes
     * it and queues it; the writer writes it and hands it back, and only then is it filled again. A writer that fails
     * stops the reading before the next buffer is filled; a reader that fails (or is interrupted) stops the writer
     * once the write under way is done, dropping what was queued.
     * Either way the writer has ended when this method returns or throws, so the caller may delete {@code file}.
     *
     * @return the number of bytes hashed and written
     */
    private static long pipe(byte[] head, InputStream in, MessageDigest digest, SpoolTarget target) throws IOException {
        // what goes round is the head, at most BUFFERS buffers and one pill: adding to these queues never fails
        BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 2);
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        Future<Long> write = COPIER.submit(() -> drain(full, free, target));
        long size = head.length;
        try {
            full.add(new Chunk(head, head.length, false));
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
                int n = in.readNBytes(buffer, 0, BUFFER);
                if (n > 0) {
                    digest.update(buffer, 0, n);
                    full.add(new Chunk(buffer, n, true));
                    size += n;
                }
                if (n < BUFFER) { // the end of the stream, which is read once as before
                    full.add(END);
                    break;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            // the writer must be over before the caller deletes its file: it ends after the write under way
            full.clear();
            full.add(STOP);
            try {
                result(write);
            } catch (IOException | RuntimeException other) {
                e.addSuppressed(other);
            }
            throw e;
        }
        long written = result(write); // throws the writer's failure, if that is what ended the loop
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

    /**
     * Stores a local file: a large one is copied into the first of {@code folders} that can hold it by the kernel
     * ({@link FileChannel#transferTo}) on another thread while this one hashes it ({@link #hash}), so
     * hashing and writing overlap. The file is read twice (the second read mostly from the page cache); a file that
     * changes size or modification time meanwhile is refused, since its key could not be trusted. Small files and
     * anything not a regular file go through {@link #spool(InputStream, HashAlgorithm, List, int)}.
     */
    static Spooled spool(Path source, HashAlgorithm algorithm, List<Path> folders, int memoryLimit) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(source, BasicFileAttributes.class);
        if (!attributes.isRegularFile() || attributes.size() <= memoryLimit) {
            try (InputStream in = Files.newInputStream(source)) {
                return spool(in, algorithm, folders, memoryLimit);
            }
        }
        FileTime modified = attributes.lastModifiedTime();
        Future<Copy> copy = COPIER.submit(() -> copyInto(source, folders));
        try {
            MessageDigest digest = algorithm.newDigest();
            Hashed hashed = hash(source, digest);
            Copy copied = result(copy);
            if (copied.size() != hashed.bytes() || !hashed.whole() || !modified.equals(Files.getLastModifiedTime(source))) {
                Files.deleteIfExists(copied.file());
                throw changed(source, hashed.bytes(), copied.size(), null);
            }
            return new Spooled(Key.of(digest.digest()), copied.size(), null, copied.file());
        } catch (IOException | RuntimeException | Error e) {
            // the copy must be over before its target goes, or it could still be writing
            try {
                Files.deleteIfExists(result(copy).file());
            } catch (IOException | RuntimeException ignored) {
                // the first failure is the one to report; a failed copy removed its own file
            }
            throw e;
        }
    }

    /**
     * Hashes a local file by reading it into a direct buffer of {@link #HASH_BUFFER} bytes, one per thread: the fastest
     * SHA-256 pass of a file this machine measured, 1.7x faster than the 64 MiB read-only mappings hashed before
     * (whose page faults cost more than the copy a read makes) and faster than {@code openssl dgst}: see
     * performance.md, P1. Nothing is mapped, so a file deleted afterwards frees its space at once.
     */
    static Hashed hash(Path file, MessageDigest digest) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long hashed = hashByReading(in, 0, digest);
            return new Hashed(hashed, in.size());
        }
    }

    /** How many bytes of a file were hashed, and its size once they were. */
    record Hashed(long bytes, long sizeAfter) {
        /** Whether the file had neither grown nor shrunk. */
        boolean whole() {
            return bytes == sizeAfter;
        }
    }

    /** A copy of a local file in a spool folder. */
    private record Copy(Path file, long size) {
    }

    /** Copies the file into the first of the folders that can hold it; a folder that fails is left empty. */
    private static Copy copyInto(Path source, List<Path> folders) throws IOException {
        List<String> failures = new ArrayList<>();
        for (Path folder : folders) {
            Path file = null;
            try {
                Files.createDirectories(folder);
                file = Files.createTempFile(folder, "spool-", ".part");
                return new Copy(file, transfer(source, file));
            } catch (IOException e) {
                failures.add(folder + ": " + SpoolTarget.reason(e));
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            }
        }
        throw SpoolTarget.noRoom(folders, failures);
    }

    /** Hashes the channel from {@code position} to its end by reading it; returns the byte count. */
    private static long hashByReading(FileChannel in, long position, MessageDigest digest) throws IOException {
        java.nio.ByteBuffer buffer = HASHING.get();
        long read = 0;
        int n;
        while ((n = in.read(buffer.clear(), position + read)) >= 0) {
            digest.update(buffer.flip());
            read += n;
        }
        return read;
    }

    static IOException changed(Path source, long hashed, long copied, Throwable cause) {
        return new IOException("The file " + source + " changed while it was being stored (" + hashed + " bytes hashed"
                               + (copied < 0 ? "" : ", " + copied + " copied") + "): store it again once nothing writes to it",
                cause);
    }

    private static long transfer(Path source, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            long position = 0;
            long n;
            while ((n = in.transferTo(position, Long.MAX_VALUE, out)) > 0) {
                position += n;
            }
            return position;
        }
    }

    /** The result of a task of the {@link #COPIER}, once it is over; its IOException as is. */
    private static <T> T result(Future<T> task) throws IOException {
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

    Key key() {
        return key;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        if (bytes != null) {
            return new ByteArrayInputStream(bytes);
        }
        if (file == null) {
            throw new IOException("The spooled value " + key + " was closed and cannot be read again");
        }
        return Files.newInputStream(file);
    }

    @Override
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** A hard link in the same file system; false across file systems (or where links are not supported). */
    @Override
    public boolean linkTo(Path target) throws IOException {
        if (file == null) {
            return false;
        }
        try {
            Files.createLink(target, file);
            return true;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw (FileAlreadyExistsException) e;
            }
            return false; // another file system (EXDEV), or one without hard links: the caller copies
        }
    }

    /** Removes the temporary file; a location that stored the value keeps its own link to it. */
    @Override
    public void close() throws IOException {
        Path owned = file;
        file = null;
        if (owned != null) {
            Files.deleteIfExists(owned);
        }
    }
}
