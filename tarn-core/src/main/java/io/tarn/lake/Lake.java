package io.tarn.lake;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.HashAlgorithm;
import io.tarn.Ingest;
import io.tarn.Key;
import io.tarn.KeyNotFoundException;
import io.tarn.Labelled;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.Value;
import io.tarn.WriteDeclinedException;
import io.tarn.lifecycle.Gc;
import io.tarn.lifecycle.GcPolicy;
import io.tarn.lifecycle.GcReport;
import io.tarn.location.Declines;
import io.tarn.location.Entry;
import io.tarn.location.Location;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;
import io.tarn.location.combine.Durability;
import io.tarn.location.combine.NotCopiedUp;
import io.tarn.location.combine.SortedKeys;
import io.tarn.location.combine.Verified;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.metrics.Metered;

/**
 * A content-addressed store over one location (tree): a value's key is its digest. The counterpart of Python tarn's
 * {@code HashKeyStorage}. Every value is read once: it is hashed while it is spooled (to memory when small, else to
 * the spool folder of a disk that may store it, so that storing it is a rename), then handed to the location.
 * Thread-safe.
 */
public final class Lake implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Lake.class);
    /** Values up to this size are spooled in memory. */
    public static final int DEFAULT_MEMORY_LIMIT = 64 * 1024;

    /** What operations go through: the tree, with a {@link Metered} above each node once {@link #metered()}. */
    private final Location location;
    /** The tree as given ({@link #location()}). */
    private final Location tree;
    private final HashAlgorithm algorithm;
    private final Path spoolFolder;
    private final List<Path> spoolFolders;
    private final int memoryLimit;
    /** Set once a touch was told that the tree records no use (logged once). */
    private final AtomicBoolean touchRecordsNothing = new AtomicBoolean();

    public Lake(Location location) {
        this(location, null, null, DEFAULT_MEMORY_LIMIT);
    }

    /**
     * @param location    the tree; one that may drop a write it acknowledged (a lone in-memory location, see
     *                    {@link Location#mayDropWrites()}) is refused with a {@link LocationSpecException} that says
     *                    what to do
     * @param algorithm   the digest, or null to take the location's (its config.yml's {@code hash:}) or SHA-256
     * @param spoolFolder where large incoming values are staged, or null for the spool folders of the disks that may
     *                    store them, in the order they are offered writes (then a private temporary folder)
     * @param memoryLimit incoming values up to this many bytes are staged in memory
     */
    public Lake(Location location, HashAlgorithm algorithm, Path spoolFolder, int memoryLimit) {
        this(location, location, algorithm, spoolFolder, memoryLimit);
    }

    private Lake(Location tree, Location location, HashAlgorithm algorithm, Path spoolFolder, int memoryLimit) {
        this.tree = Objects.requireNonNull(tree, "location");
        this.location = Objects.requireNonNull(location, "location");
        Durability.checkLake(tree);
        Optional<HashAlgorithm> configured = location.algorithm();
        if (algorithm != null && configured.isPresent() && !configured.get().equals(algorithm)) {
            throw new LocationSpecException("The lake is asked to use " + algorithm + " but its location " + location
                                            + " is configured for " + configured.get() + ": use one algorithm");
        }
        this.algorithm = algorithm != null ? algorithm : configured.orElse(HashAlgorithm.SHA256);
        this.spoolFolder = spoolFolder;
        this.spoolFolders = spoolFolder != null ? List.of(spoolFolder.toAbsolutePath()) : SpoolFolders.of(location);
        if (memoryLimit < 0) {
            throw new IllegalArgumentException("memoryLimit must not be negative");
        }
        this.memoryLimit = memoryLimit;
    }

    /** A disk lake in {@code root} (Python tarn's {@code HashKeyStorage(root)}). */
    public static Lake open(Path root) {
        return new Lake(DiskLocation.open(root));
    }

    /** This lake staging large values in {@code folder} (and nowhere else): for trees without a writable disk. */
    public Lake withSpoolFolder(Path folder) {
        return new Lake(tree, location, algorithm, Objects.requireNonNull(folder, "folder"), memoryLimit);
    }

    /** The folders a large value is staged in, tried in this order. */
    public List<Path> spoolFolders() {
        return spoolFolders;
    }

    /** The location tree, as given (without the meters of {@link #metered()}). */
    public Location location() {
        return tree;
    }

    /**
     * This lake counting what each location of its tree does: a {@link Metered} above every node, named by its place
     * ({@link #meters()}). The meters of a lake stay with the lakes made from it ({@link #withVerifiedReads()},
     * {@link #withSpoolFolder}).
     */
    public Lake metered() {
        return new Lake(tree, Metered.everyNode(location), algorithm, spoolFolder, memoryLimit);
    }

    /** The meters of the tree's nodes, root first, depth first; none unless {@link #metered()}. */
    public List<Metered> meters() {
        return Metered.nodes(location);
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
            spooled = Spooled.spool(in, algorithm, spoolFolders, memoryLimit);
        } catch (SpoolTarget.SpoolException e) {
            throw new LocationException(e.getMessage(), e);
        } catch (IOException e) {
            throw new LocationException("Could not read the value to store: " + e, e);
        }
        return store(spooled, labels);
    }

    public Key write(InputStream in) {
        return write(in, Set.of());
    }

    public Key write(byte[] bytes, Set<String> labels) {
        if (bytes.length <= memoryLimit) {
            // hashed where they are: no stream, no copy (the array is only read, and only until this returns)
            return store(Spooled.of(bytes, algorithm), labels);
        }
        return write(new ByteArrayInputStream(bytes), labels);
    }

    public Key write(byte[] bytes) {
        return write(bytes, Set.of());
    }

    /**
     * Stores many values at once from {@code threads} threads (this one and helpers), so that one value's file-system
     * calls overlap another's hashing: the keys in the order of {@code values}. For many small values (each read
     * once, only until this returns); on a disk, a few threads store them faster than one (see performance.md, P2).
     * A write that fails stops the batch and is thrown once the threads are done; the values already stored stay.
     */
    public List<Key> writeAll(List<byte[]> values, Set<String> labels, int threads) {
        Objects.requireNonNull(values, "values");
        return BatchWrites.run(values, threads, bytes -> write(bytes, labels));
    }

    /** Stores a local file; a large one is hashed while the kernel copies it into the spool (see {@link Spooled}). */
    public Key write(Path file, Set<String> labels) {
        Spooled spooled;
        try {
            spooled = Spooled.spool(file, algorithm, spoolFolders, memoryLimit);
        } catch (SpoolTarget.SpoolException e) {
            throw new LocationException("Could not store the file " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LocationException("Could not read the file " + file + " to store it: " + e, e);
        }
        return store(spooled, labels);
    }

    public Key write(Path file) {
        return write(file, Set.of());
    }

    /**
     * Stores a local file, copied ({@link Ingest#COPY}, as {@link #write(Path, Set)}) or taken ({@link Ingest#MOVE},
     * {@link Ingest#LINK}): a large file of this user with no other name, on the file system of the disk that stores
     * it, becomes the stored value itself, hard-linked into place and made read-only, with no byte copied, once no
     * process holds it open for writing; other files are copied (see {@link Taken}). A moved file's name is removed
     * once its value is stored, and only if the file did not change meanwhile. A file that changes while it is taken,
     * or is still written by a process, is refused and left where it is, as it was; a file taken whole that is found
     * written to after its value was stored is taken out of the lake again and left where it was: a key never names
     * bytes that do not hash to it.
     */
    public Key write(Path file, Set<String> labels, Ingest ingest) {
        return write(file, labels, ingest, key -> { });
    }

    /**
     * As {@link #write(Path, Set, Ingest)}; {@code afterStore} is given the key once the value is stored and, for a
     * move, the file's name removed (a seam for tests).
     */
    Key write(Path file, Set<String> labels, Ingest ingest, Consumer<Key> afterStore) {
        if (Objects.requireNonNull(ingest, "ingest") == Ingest.COPY) {
            return write(file, labels);
        }
        return new TakeIn(location, algorithm, spoolFolders, memoryLimit, this::place).write(file, labels, ingest,
                afterStore);
    }

    private Key store(Spooled spooled, Set<String> labels) {
        try (spooled) {
            return place(spooled, labels);
        } catch (IOException e) {
            throw new LocationException("Could not release the value of key " + spooled.key().hex() + ": " + e, e);
        }
    }

    /** Stores a spooled value in the tree; the caller closes it. */
    private Key place(Spooled spooled, Set<String> labels) throws IOException {
        Key key = spooled.key();
        List<String> declines = new ArrayList<>();
        Optional<Value> written = Declines.collect(declines,
                () -> location.write(key, spooled, labels == null ? Set.of() : labels));
        if (written.isEmpty()) {
            throw new WriteDeclinedException(key, location.toString(), declines);
        }
        written.get().close();
        return key;
    }

    /**
     * The value, or empty. Reading through Levels copies the value into the upper levels (best effort: a level that
     * cannot take it is logged, never fails the read). The caller closes it.
     */
    public Optional<Value> read(Key key) {
        return location.read(key);
    }

    /**
     * The whole value at once, as bytes, or empty: as {@link #read} and reading the value whole, with less work where
     * the location can (a disk lake: no second look at the file, one read; see {@link Location#readWhole}). For small
     * values: the bytes are held in memory.
     */
    public Optional<byte[]> readWhole(Key key) {
        return location.readWhole(key);
    }

    /**
     * The value with the labels stored with it, or empty, in one walk of the tree: the labels are those of the location
     * that served the value ({@link Location#readLabelled}). The caller closes it.
     */
    public Optional<Labelled> readLabelled(Key key) {
        return location.readLabelled(key);
    }

    /**
     * The value as the local file that holds it, where the tree keeps it in one ({@link Location#localFile}: a disk
     * lake, also behind wrappers): read through the tree as {@link #read} does, so that the meters count it and it is
     * marked used, and held until it is closed (no gc or eviction of any process removes the file meanwhile); its
     * {@link Value#file()} is the file. Empty where the tree keeps no local file for the key (combinators, remote and
     * in-memory locations): nothing is read then. The caller closes it.
     *
     * @throws KeyNotFoundException when the tree keeps the key in a local file but does not hold it
     */
    public Optional<Value> localFile(Key key) {
        return location.localFile(key).isEmpty() ? Optional.empty() : Optional.of(get(key));
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

    /**
     * Marks the value used, where the tree records uses ({@link #recordsUse()}), and says whether it is there. On a
     * tree that records none, a touch only says that (and logs a WARN once): gc by age refuses such a tree.
     */
    public boolean touch(Key key) {
        boolean found = location.touch(key);
        if (!location.recordsUse() && touchRecordsNothing.compareAndSet(false, true)) {
            LOG.warn("A touch of {} records no use: none of its locations keeps usage marks (a disk lake does when its"
                     + " config.yml says usage: StatUsage, as every lake camel-tarn creates does), so touches keep no"
                     + " value from gc by age, which refuses such a lake. Add usage: StatUsage to the lake's config.yml",
                    location);
        }
        return found;
    }

    /**
     * Whether reads, writes and touches of this lake record uses that gc by age goes by (see
     * {@link Location#recordsUse()}): true for every lake camel-tarn creates on disk.
     */
    public boolean recordsUse() {
        return location.recordsUse();
    }

    public Set<String> labels(Key key) {
        return location.labels(key);
    }

    /**
     * Whether every write keeps its labels where a read finds them (see {@link Location#keepsLabels()}): asked of the
     * tree's configuration, no value read.
     */
    public boolean keepsLabels() {
        return location.keepsLabels();
    }

    /** Pulls the keys into the upper levels; tells for each key what became of it. */
    public Map<Key, Fetched> fetch(Collection<Key> keys) {
        Map<Key, Fetched> outcomes = new LinkedHashMap<>();
        location.readBatch(keys, (key, value) -> outcomes.put(key, value.isEmpty() ? Fetched.MISSING
                : value.get() instanceof NotCopiedUp ? Fetched.NOT_COPIED : Fetched.FOUND));
        return outcomes;
    }

    /**
     * Re-hashes every stored value in every location, deletes the corrupt ones and clears stale temporary files
     * ({@link Location#verify}); {@code allTemporaryFiles} clears them all, which is safe only when nobody writes.
     */
    public VerifyReport verify(boolean allTemporaryFiles) {
        return verify(VerifyOptions.DEFAULT.withAllTemporaryFiles(allTemporaryFiles));
    }

    /** Verifies every location (see {@link Location#verify}) with the given options. */
    public VerifyReport verify(VerifyOptions options) {
        return location.verify(algorithm, options);
    }

    /**
     * This lake with verified reads: every value read is re-hashed before it is handed out; a corrupt copy is deleted
     * and read from a lower level instead, else a {@link io.tarn.CorruptionException} names the key ({@link Verified}).
     */
    public Lake withVerifiedReads() {
        return new Lake(Verified.everyLeaf(tree, algorithm), Verified.everyLeaf(location, algorithm), algorithm, spoolFolder,
                memoryLimit);
    }

    /** Every stored key of every location; close the stream. A key stored in two places is listed twice. */
    public Stream<Entry> contents() {
        return location.contents();
    }

    /**
     * The keys in ascending order, each once, from the first one after {@code after} (all when null), lazily where
     * every leaf is a disk lake (see {@link SortedKeys}); close the stream.
     */
    public Stream<Key> keys(Key after) {
        return SortedKeys.of(location, after);
    }

    /**
     * Removes what {@code policy} says may go, safe against live readers and writers (see {@link Gc}); in a dry run,
     * reports what would go.
     */
    public GcReport gc(GcPolicy policy) {
        return Gc.run(location, policy);
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
