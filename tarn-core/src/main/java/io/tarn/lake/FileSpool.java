package io.tarn.lake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import io.tarn.HashAlgorithm;
import io.tarn.Key;

/**
 * Copies a large local file into a spool folder while hashing it: the kernel copies it ({@link FileChannel#transferTo})
 * on a {@link Copier} thread while the calling thread hashes it, so it is read twice, the second time mostly from the
 * page cache; a file that changes meanwhile is refused, since its key could not be trusted.
 */
final class FileSpool {
    /** The buffer a local file is read into to hash it (see {@link #hash}). */
    private static final int HASH_BUFFER = 1 << 20;
    private static final ThreadLocal<ByteBuffer> HASHING =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(HASH_BUFFER));

    private FileSpool() {
    }

    /**
     * Copies a regular file, last modified at {@code modified}, into the first of {@code folders} that can hold it by
     * the kernel on another thread while this one hashes it ({@link #hash}), so hashing and writing overlap. The file
     * is read twice (the second read mostly from the page cache); a file that changes size or modification time
     * meanwhile is refused, since its key could not be trusted.
     */
    static Spooled copy(Path source, FileTime modified, HashAlgorithm algorithm, List<Path> folders) throws IOException {
        Future<Copy> copy = Copier.submit(() -> copyInto(source, folders));
        try {
            MessageDigest digest = algorithm.newDigest();
            Hashed hashed = hash(source, digest);
            Copy copied = Copier.result(copy);
            if (copied.size() != hashed.bytes() || !hashed.whole() || !modified.equals(Files.getLastModifiedTime(source))) {
                Files.deleteIfExists(copied.file());
                throw changed(source, hashed.bytes(), copied.size(), null);
            }
            return Spooled.inFile(Key.of(digest.digest()), copied.size(), copied.file());
        } catch (IOException | RuntimeException | Error e) {
            // the copy must be over before its target goes, or it could still be writing
            try {
                Files.deleteIfExists(Copier.result(copy).file());
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
        ByteBuffer buffer = HASHING.get();
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

    /**
     * Copies by the kernel into {@code target}, an empty file just created. Truncating it on opening is not idle: on ext4
     * it arms the "replace by truncate" heuristic (auto_da_alloc), so closing the copy starts writing it back to the
     * device while the caller is still hashing, and a flush afterwards has little left to do. Opened without
     * truncating, a 1 GiB copy + flush took 1.11 s where this takes 0.75 s (performance.md, P1).
     */
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
}
