package io.tarn.lake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.Value;

/**
 * An incoming value read exactly once: hashed while it is copied to memory (when it is small) or to a temporary file
 * in the first of the lake's spool folders that can hold it (otherwise; see {@link SpoolTarget}). A large stream is
 * read and hashed by the calling thread while a {@link Copier} thread writes it to the file ({@link StreamSpool}). A
 * large local file is the one exception to reading once: the kernel copies it while the calling thread hashes it
 * ({@link FileSpool}). (A file taken into the lake may become the value itself: see {@link Taken}.) A disk location on
 * the same file system stores the temporary file by hard-linking it into place ({@link #linkTo}); the temporary name
 * is removed on {@link #close()}, and a failure while spooling removes it at once.
 */
final class Spooled implements Value {
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
     * this one reads and hashes (see {@link StreamSpool#pipe}).
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
            long size = StreamSpool.pipe(head, in, digest, target);
            return new Spooled(Key.of(digest.digest()), size, null, target.file());
        } catch (IOException | RuntimeException | Error e) {
            target.discard();
            throw e;
        }
    }

    /**
     * A value hashed already, in a file whose name {@link #close()} removes: a copy in the spool ({@link FileSpool}), or
     * a file of this user's that became the value itself ({@link Taken}).
     */
    static Spooled inFile(Key key, long size, Path file) {
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
     * Stores a local file: a large one is copied into the first of {@code folders} that can hold it while it is hashed
     * ({@link FileSpool}); small files and anything not a regular file go through
     * {@link #spool(InputStream, HashAlgorithm, List, int)}.
     */
    static Spooled spool(Path source, HashAlgorithm algorithm, List<Path> folders, int memoryLimit) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(source, BasicFileAttributes.class);
        if (!attributes.isRegularFile() || attributes.size() <= memoryLimit) {
            try (InputStream in = Files.newInputStream(source)) {
                return spool(in, algorithm, folders, memoryLimit);
            }
        }
        return FileSpool.copy(source, attributes.lastModifiedTime(), algorithm, folders);
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
