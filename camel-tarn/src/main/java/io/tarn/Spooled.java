package io.tarn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An incoming value read exactly once: hashed while it is copied to memory (when it is small) or to a temporary file
 * in the lake's spool folder (otherwise). A large local file is the one exception: the kernel copies it while another
 * thread hashes it, so it is read twice, the second time mostly from the page cache. The temporary file is moved into place by the first disk location that
 * stores it, and deleted on {@link #close()} if nobody took it.
 */
final class Spooled implements Value {
    private static final int BUFFER = 256 * 1024;
    /** Copies files into the spool while the caller hashes them; daemon threads, created on demand, idle ones end. */
    private static final ExecutorService COPIER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "tarn-spool-copy");
        thread.setDaemon(true);
        return thread;
    });

    private final Key key;
    private final long size;
    private final byte[] bytes;
    private Path file;
    private boolean owned;

    private Spooled(Key key, long size, byte[] bytes, Path file) {
        this.key = key;
        this.size = size;
        this.bytes = bytes;
        this.file = file;
        this.owned = file != null;
    }

    /**
     * Reads {@code in} to its end, hashing it on the way.
     *
     * @param memoryLimit values of at most this many bytes stay in memory
     */
    static Spooled spool(InputStream in, HashAlgorithm algorithm, Path folder, int memoryLimit) throws IOException {
        MessageDigest digest = algorithm.newDigest();
        byte[] head = in.readNBytes(memoryLimit + 1);
        digest.update(head);
        if (head.length <= memoryLimit) {
            return new Spooled(Key.of(digest.digest()), head.length, head, null);
        }
        Files.createDirectories(folder);
        Path file = Files.createTempFile(folder, "spool-", ".part");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head);
            long size = head.length;
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                size += n;
            }
            out.flush();
            return new Spooled(Key.of(digest.digest()), size, null, file);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Stores a local file: a large one is copied into {@code folder} by the kernel ({@link FileChannel#transferTo})
     * on another thread while this one hashes it, so hashing and writing overlap. The file is read twice (the second
     * read mostly from the page cache); a file that changes size or modification time meanwhile is refused, since
     * its key could not be trusted. Small files and anything not a regular file go through {@link #spool}.
     */
    static Spooled spool(Path source, HashAlgorithm algorithm, Path folder, int memoryLimit) throws IOException {
        if (!Files.isRegularFile(source) || Files.size(source) <= memoryLimit) {
            try (InputStream in = Files.newInputStream(source)) {
                return spool(in, algorithm, folder, memoryLimit);
            }
        }
        FileTime modified = Files.getLastModifiedTime(source);
        Files.createDirectories(folder);
        Path file = Files.createTempFile(folder, "spool-", ".part");
        Future<Long> copy = COPIER.submit(() -> transfer(source, file));
        try {
            MessageDigest digest = algorithm.newDigest();
            long hashed = 0;
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    digest.update(buffer.array(), 0, n);
                    hashed += n;
                    buffer.clear();
                }
            }
            long copied = copied(copy);
            if (copied != hashed || !modified.equals(Files.getLastModifiedTime(source))) {
                throw new IOException("The file " + source + " changed while it was being stored (" + hashed + " bytes hashed, "
                                      + copied + " copied): store it again once nothing writes to it");
            }
            return new Spooled(Key.of(digest.digest()), copied, null, file);
        } catch (IOException | RuntimeException | Error e) {
            // the copy must be over before its target goes, or it would re-create nothing but could still be writing
            try {
                copied(copy);
            } catch (IOException | RuntimeException ignored) {
                // the first failure is the one to report
            }
            Files.deleteIfExists(file);
            throw e;
        }
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

    private static long copied(Future<Long> copy) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return copy.get();
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
        if (!owned) {
            throw new IOException("The spooled value " + key + " was moved into a location and cannot be read again");
        }
        return Files.newInputStream(file);
    }

    @Override
    public Optional<Path> file() {
        return owned ? Optional.of(file) : Optional.empty();
    }

    @Override
    public boolean moveTo(Path target) throws IOException {
        if (!owned) {
            return false;
        }
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return false;
        }
        owned = false;
        file = target;
        return true;
    }

    @Override
    public void close() throws IOException {
        if (owned) {
            owned = false;
            Files.deleteIfExists(file);
        }
    }
}
