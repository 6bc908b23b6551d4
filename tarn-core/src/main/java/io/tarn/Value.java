package io.tarn;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bytes stored under a key, as a location hands them out or takes them in.
 * <p>
 * Contract: {@link #open()} may be called more than once and returns the whole value each time, so combinators can
 * pass one value to several locations without seeking a stream somebody else owns. {@link #close()} releases what
 * the value holds (a server response, a spool file); it never deletes stored data.
 */
public interface Value extends Closeable {

    /** Length in bytes, or -1 when the location cannot tell without reading. */
    long size();

    /** A fresh stream over the whole value. The caller closes it. */
    InputStream open() throws IOException;

    /** The file that holds the value, when it lives on a local disk (zero-copy reads, moves). */
    default Optional<Path> file() {
        return Optional.empty();
    }

    /**
     * Makes the temporary file behind this value (a spooled write) appear at {@code target} too, as a hard link, when
     * both are on the same file system, so that storing it costs no copy. The value stays readable: a location that
     * then declines the write (full, read-only) removes {@code target}, and the next location is offered the value.
     *
     * @return false when the value cannot be linked there; the caller then copies it
     */
    default boolean linkTo(Path target) throws IOException {
        return false;
    }

    /** Releases what the value holds; safe to call more than once. */
    @Override
    default void close() throws IOException {
    }

    /**
     * Whether the value's bytes equal what {@code stored} gives, compared block by block and stopped at the first
     * difference: the collision check of every location that streams. The caller compares sizes first when it can,
     * and closes {@code stored}.
     */
    static boolean sameBytes(Value value, InputStream stored) throws IOException {
        try (InputStream in = value.open()) {
            int chunk = Buffers.forSize(value.size());
            byte[] x = new byte[chunk];
            byte[] y = new byte[chunk];
            while (true) {
                int n = in.readNBytes(x, 0, x.length);
                int m = stored.readNBytes(y, 0, y.length);
                if (n != m || !java.util.Arrays.equals(x, 0, n, y, 0, m)) {
                    return false;
                }
                if (n == 0) {
                    return true;
                }
            }
        }
    }

    /** A value held in memory; use only for values known to be small. */
    static Value of(byte[] bytes) {
        return new Bytes(bytes);
    }

    /** A value held in a file, read on demand. */
    static Value of(Path file) {
        return new FileBacked(file);
    }

    /**
     * A value held in a file whose size was just read (a stored value's file does not change): {@link #size()} asks
     * the file system nothing.
     */
    static Value of(Path file, long size) {
        return new FileBacked(file, size);
    }

    /** Bytes held in memory. */
    record Bytes(byte[] bytes) implements Value {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    /** A value stored in a file. */
    final class FileBacked implements Value {
        private final Path path;
        private final long knownSize;

        public FileBacked(Path path) {
            this(path, -1);
        }

        /** A file of {@code knownSize} bytes (-1: ask the file system each time). */
        public FileBacked(Path path, long knownSize) {
            this.path = path;
            this.knownSize = knownSize;
        }

        @Override
        public long size() {
            if (knownSize >= 0) {
                return knownSize;
            }
            try {
                return Files.size(path);
            } catch (NoSuchFileException e) {
                return -1;
            } catch (IOException e) {
                throw new LocationException("Cannot read the size of " + path + ": " + e, e);
            }
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public Optional<Path> file() {
            return Optional.of(path);
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
