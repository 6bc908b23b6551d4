package io.tarn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * An incoming value read exactly once: hashed while it is copied to memory (when it is small) or to a temporary file
 * in the lake's spool folder (otherwise). The temporary file is moved into place by the first disk location that
 * stores it, and deleted on {@link #close()} if nobody took it.
 */
final class Spooled implements Value {
    private static final int BUFFER = 256 * 1024;

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
