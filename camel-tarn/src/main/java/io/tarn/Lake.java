package io.tarn;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.tarn.location.Entry;
import io.tarn.location.Location;
import io.tarn.location.Verified;
import io.tarn.location.VerifyReport;
import io.tarn.location.disk.DiskLocation;

/**
 * A content-addressed store over one location (tree): a value's key is its digest. The counterpart of Python tarn's
 * {@code HashKeyStorage}. Every value is read once: it is hashed while it is spooled (to memory when small, else to
 * the first disk location's {@code .tmp/}), then handed to the location, which stores it by a rename when it can.
 * Thread-safe.
 */
public final class Lake implements Closeable {
    /** Values up to this size are spooled in memory. */
    public static final int DEFAULT_MEMORY_LIMIT = 64 * 1024;

    private final Location location;
    private final HashAlgorithm algorithm;
    private final Path spoolFolder;
    private final int memoryLimit;

    public Lake(Location location) {
        this(location, null, null, DEFAULT_MEMORY_LIMIT);
    }

    /**
     * @param algorithm   the digest, or null to take the location's (its config.yml's {@code hash:}) or SHA-256
     * @param spoolFolder where large incoming values are staged, or null for the first disk location's .tmp/
     * @param memoryLimit incoming values up to this many bytes are staged in memory
     */
    public Lake(Location location, HashAlgorithm algorithm, Path spoolFolder, int memoryLimit) {
        this.location = Objects.requireNonNull(location, "location");
        Optional<HashAlgorithm> configured = location.algorithm();
        if (algorithm != null && configured.isPresent() && !configured.get().equals(algorithm)) {
            throw new LocationSpecException("The lake is asked to use " + algorithm + " but its location " + location
                                            + " is configured for " + configured.get() + ": use one algorithm");
        }
        this.algorithm = algorithm != null ? algorithm : configured.orElse(HashAlgorithm.SHA256);
        this.spoolFolder = spoolFolder != null ? spoolFolder : defaultSpoolFolder(location);
        if (memoryLimit < 0) {
            throw new IllegalArgumentException("memoryLimit must not be negative");
        }
        this.memoryLimit = memoryLimit;
    }

    /** A disk lake in {@code root} (Python tarn's {@code HashKeyStorage(root)}). */
    public static Lake open(Path root) {
        return new Lake(DiskLocation.open(root));
    }

    private static Path defaultSpoolFolder(Location location) {
        return DiskLocation.first(location).map(DiskLocation::tmpFolder)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "camel-tarn-spool"));
    }

    public Location location() {
        return location;
    }

    public HashAlgorithm algorithm() {
        return algorithm;
    }

    /** Validates a key given from outside. */
    public Key key(String hex) {
        return algorithm.parseKey(hex);
    }

    /** Stores the stream's bytes (read to its end, not closed) and returns their key. */
    public Key write(InputStream in, Set<String> labels) {
        Objects.requireNonNull(in, "in");
        Spooled spooled;
        try {
            spooled = Spooled.spool(in, algorithm, spoolFolder, memoryLimit);
        } catch (IOException e) {
            throw new LocationException("Could not read the value to store (spooling to " + spoolFolder + "): " + e, e);
        }
        return store(spooled, labels);
    }

    public Key write(InputStream in) {
        return write(in, Set.of());
    }

    public Key write(byte[] bytes, Set<String> labels) {
        return write(new ByteArrayInputStream(bytes), labels);
    }

    public Key write(byte[] bytes) {
        return write(bytes, Set.of());
    }

    /** Stores a local file; a large one is hashed while the kernel copies it into the spool (see {@link Spooled}). */
    public Key write(Path file, Set<String> labels) {
        Spooled spooled;
        try {
            spooled = Spooled.spool(file, algorithm, spoolFolder, memoryLimit);
        } catch (IOException e) {
            throw new LocationException("Could not read the file " + file + " to store it (spooling to " + spoolFolder + "): "
                                        + e, e);
        }
        return store(spooled, labels);
    }

    public Key write(Path file) {
        return write(file, Set.of());
    }

    private Key store(Spooled spooled, Set<String> labels) {
        Key key = spooled.key();
        try (spooled) {
            Optional<Value> written = location.write(key, spooled, labels == null ? Set.of() : labels);
            if (written.isEmpty()) {
                throw new WriteDeclinedException(key, location.toString());
            }
            written.get().close();
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value, or empty. Reading through Levels copies the value into the upper levels. The caller closes it. */
    public Optional<Value> read(Key key) {
        return location.read(key);
    }

    /** The value; the caller closes it. */
    public Value get(Key key) {
        return read(key).orElseThrow(() -> new KeyNotFoundException(key, location.toString()));
    }

    public boolean contains(Key key) {
        return location.contains(key);
    }

    public boolean delete(Key key) {
        return location.delete(key);
    }

    public boolean touch(Key key) {
        return location.touch(key);
    }

    public Set<String> labels(Key key) {
        return location.labels(key);
    }

    /** Pulls the keys into the upper levels; tells for each key whether it was found anywhere. */
    public Map<Key, Boolean> fetch(Collection<Key> keys) {
        Map<Key, Boolean> found = new LinkedHashMap<>();
        location.readBatch(keys, (key, value) -> found.put(key, value.isPresent()));
        return found;
    }

    /**
     * Re-hashes every stored value in every location, deletes the corrupt ones and clears stale temporary files
     * ({@link Location#verify}); {@code allTemporaryFiles} clears them all, which is safe only when nobody writes.
     */
    public VerifyReport verify(boolean allTemporaryFiles) {
        return location.verify(algorithm, allTemporaryFiles);
    }

    /**
     * This lake with verified reads: every value read is re-hashed before it is handed out; a corrupt copy is deleted
     * and read from a lower level instead, else a {@link CorruptionException} names the key ({@link Verified}).
     */
    public Lake withVerifiedReads() {
        return new Lake(Verified.everyLeaf(location, algorithm), algorithm, spoolFolder, memoryLimit);
    }

    /** Every stored key of every location; close the stream. A key stored in two places is listed twice. */
    public Stream<Entry> contents() {
        return location.contents();
    }

    @Override
    public void close() throws IOException {
        location.close();
    }

    @Override
    public String toString() {
        return "Lake[" + algorithm + ", " + location + "]";
    }
}
