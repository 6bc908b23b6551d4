package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.Value;
import io.tarn.format.DiskConfig;
import io.tarn.format.KeyLayout;
import io.tarn.format.LakeFormat;
import io.tarn.location.ChangeSource;
import io.tarn.location.Changes;
import io.tarn.location.Declines;
import io.tarn.location.Entry;
import io.tarn.location.Evictable;
import io.tarn.location.FailureLog;
import io.tarn.location.Location;
import io.tarn.location.Locker;
import io.tarn.location.Occupancy;
import io.tarn.location.OrderedKeys;
import io.tarn.location.SpecText;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;
import io.tarn.location.eviction.PinnedValue;

/**
 * A folder in Python tarn 0.14.0's DiskDict format: a value with key hex {@code h} lives at {@code ROOT/} + {@code h}
 * split by the configured levels, as a read-only (0444) file; writes go to {@code ROOT/.tmp/} and are linked into
 * place, so a reader never sees a partial value and concurrent writers of one key, in any number of processes, end
 * with one intact file.
 * <p>
 * Faults: a write declines (the caller offers it to the next location) when {@code free_disk_size} or
 * {@code max_size} would be exceeded, and when the disk turns out full, read-only or not writable for this user while
 * writing, leaving nothing partial behind. A lake whose folders cannot be created (a read-only mount, a lake from a
 * git checkout without {@code .tmp/}) opens read-only: it reads, and declines every write saying why.
 * <p>
 * Nothing is read or written through a symbolic link inside the lake: a link (or a folder, or a special file) where
 * a value belongs is foreign: reads miss (logged), writes refuse with a {@link LocationException}, {@link #verify}
 * reports it. Folders this location creates take the root's permission bits and group, plus the sticky bit when they
 * are world-writable; files it creates are never writable by others (see src-docs/reliability.md, "Threat model").
 * <p>
 * A lake whose config.yml names a {@code RedisLocker} takes Python tarn's Redis locks where Python's DiskDict takes
 * them: a read lock around a read (finding the file, marking it used), a write lock around a write and a delete, so
 * that Python and camel-tarn processes on the lake exclude each other. Other lockers need nothing beyond the above.
 */
public final class DiskLocation implements Location {
    private static final Logger LOG = LoggerFactory.getLogger(DiskLocation.class);
    /** A temporary file older than this belongs to no running write (a write that slow would be a stalled one). */
    public static final Duration TEMPORARY_GRACE = Duration.ofHours(1);

    private final Path root;
    private final DiskConfig config;
    private final HashAlgorithm algorithm;
    private final LakeFormat format;
    private final KeyLayout layout;
    private final Path tmp;
    private final ValueFiles files;
    /** Why this lake takes no writes (its folders could not be made, its file system is read-only), or null. */
    private final String readOnly;
    /** Its folders and how entries are made in them; null when the root could not be read (read-only). */
    private final LakeFolders folders;
    private final Tools tools;
    private final DiskQuota quota;
    /** How values are put in place; null when the root could not be read (read-only). */
    private final WriteProtocol protocol;
    private final TemporaryFiles temporary;
    /** camel-tarn's change journal (written once a consumer made it); null when the root could not be read. */
    private final Journal journal;
    /** The lake's RedisLocker, or {@link Locker#NONE}, and this process's locks on keys. */
    private final KeyLocks locks;
    private final Locker shared;
    /** What orders uses of a key against its removal by gc or eviction, in every process ({@link UseLocks}). */
    private final UseLocks uses;
    private final FailureLog writeFailures;

    private DiskLocation(Path root, DiskConfig config, String readOnlyReason) {
        this.root = root;
        this.config = config;
        this.format = LakeFormat.of(config);
        this.algorithm = format.algorithm();
        this.layout = format.layout();
        this.tmp = root.resolve(".tmp");
        this.writeFailures = new FailureLog("Writing to " + this, "writes are declined and offered to the next location");
        this.shared = config.locker() == null ? Locker.NONE : Lockers.open(config.locker(), "the disk lake at " + root);
        this.locks = new KeyLocks(shared);
        this.temporary = new TemporaryFiles(root, tmp);
        String reason = readOnlyReason;
        LakeFolders lakeFolders = null;
        FileStore rootStore = null;
        try {
            rootStore = Files.getFileStore(root);
            lakeFolders = new LakeFolders(root, new FailureLog("Reading from " + this,
                    "foreign entries are passed over as misses; verify reports them"));
        } catch (IOException | UnsupportedOperationException e) {
            reason = reason != null ? reason : "cannot read the folder " + root + ": " + Refusal.reason(e);
        }
        this.quota = new DiskQuota(root, format, rootStore);
        this.folders = lakeFolders;
        this.files = new ValueFiles(root, format, lakeFolders);
        this.protocol = lakeFolders == null ? null : new WriteProtocol(root, tmp, lakeFolders, files, quota);
        this.tools = lakeFolders == null ? null : new Tools(root, config, lakeFolders, tmp,
                new FailureLog("Updating usage marks in " + this, "reads and writes go on without them"));
        this.journal = lakeFolders == null ? null : new Journal(root, lakeFolders, algorithm, new FailureLog(
                "Appending to the change journal of " + this, "consumers find the values by their full scan"));
        if (reason == null && rootStore.isReadOnly()) {
            reason = "its file system is mounted read-only";
        }
        if (reason == null) {
            // git and other copies drop empty folders: re-create them as tarn does on open
            List<Path> made = new ArrayList<>(List.of(tmp));
            made.addAll(tools.roots());
            for (Path folder : made) {
                try {
                    folders.ensure(folder);
                } catch (IOException e) {
                    reason = "cannot create the folder " + folder + ": " + Refusal.reason(e);
                    break;
                }
            }
        }
        this.readOnly = reason;
        this.uses = UseLocks.open(this, root, lakeFolders, reason == null && lakeFolders != null);
        if (reason != null) {
            LOG.warn("The disk lake at {} opens read-only: {}. It reads, and declines every write.", root, reason);
        }
    }

    /**
     * Opens the lake in a folder given as text; for bean factories that pass strings (Camel Main's
     * {@code #class:io.tarn.location.disk.DiskLocation#at(/mnt/lake)}, Spring XML).
     */
    public static DiskLocation at(String folder) {
        if (folder == null || folder.isBlank()) {
            throw new LocationSpecException("A disk location needs a folder");
        }
        return open(Path.of(folder));
    }

    /**
     * Opens the lake in {@code root}, creating it when there is none with Python tarn's default config and
     * {@code usage: StatUsage} ({@link DiskConfig#forNewLake()}: its reads, writes and touches mark values used).
     */
    public static DiskLocation open(Path root) {
        return open(root, null);
    }

    /**
     * Opens the lake in {@code root}. A new lake is created with {@code wanted} (or the defaults); an existing lake
     * keeps its config.yml, which must then agree with {@code wanted} when that is given. A lake that cannot be
     * created or completed (a read-only file system, no permission) opens read-only.
     *
     * @throws LocationSpecException if config.yml is malformed, a link, or disagrees with {@code wanted}
     */
    public static DiskLocation open(Path root, DiskConfig wanted) {
        Path absolute = root.toAbsolutePath().normalize();
        ConfigFile.Opened opened = ConfigFile.open(absolute, wanted);
        return new DiskLocation(absolute, opened.config(), opened.readOnly());
    }

    /**
     * Opens the lake in {@code root} with its own config.yml, whatever it says; a new lake is created with
     * {@code created}.
     */
    public static DiskLocation openOrCreate(Path root, DiskConfig created) {
        Path absolute = root.toAbsolutePath().normalize();
        ConfigFile.Opened opened = ConfigFile.open(absolute, null, created);
        return new DiskLocation(absolute, opened.config(), opened.readOnly());
    }

    public Path root() {
        return root;
    }

    public DiskConfig config() {
        return config;
    }

    /** Why this lake takes no writes, when it opened read-only. */
    public Optional<String> readOnlyReason() {
        return Optional.ofNullable(readOnly);
    }

    /** Where this location stages writes; the lake spools incoming values here so that storing is a link. */
    public Path tmpFolder() {
        return tmp;
    }

    /** Its {@code .tmp/}, unless it is read-only. */
    @Override
    public List<Path> spoolFolders() {
        return readOnly == null ? List.of(tmp) : List.of();
    }

    @Override
    public Optional<HashAlgorithm> algorithm() {
        return Optional.ofNullable(config.hash());
    }

    /** The file that holds (or would hold) the key. */
    public Path pathOf(Key key) {
        return files.pathOf(key);
    }

    /** The file that holds (or would hold) the key ({@link #pathOf}). */
    @Override
    public Optional<Path> localFile(Key key) {
        return Optional.of(pathOf(checkSize(key)));
    }

    /** Its change feed ({@link ChangeFeed}): the journal camel-tarn's writers append to, and full scans. */
    @Override
    public Optional<Changes> changes() {
        return Optional.of(this::follow);
    }

    ChangeSource follow(Path positionFile, Duration fullScanPeriod, Duration journalRetention) {
        return new ChangeFeed(this, positionFile, fullScanPeriod, journalRetention);
    }

    /**
     * The lake in {@code tools/<tool>} of this one's folder, opened, or created with Python tarn's default config (no
     * usage marks: a tool's entries go by reference, as the memo index's do, not by use).
     */
    @Override
    public Optional<Location> companion(String tool, boolean create) {
        return Optional.of(openOrCreate(Tools.companionFolder(root, tool), DiskConfig.defaults()));
    }

    /** Why it records no use: read-only here, or its config.yml keeps no usage marks (and what to add). */
    @Override
    public Optional<String> howToRecordUse() {
        if (readOnly != null) {
            return Optional.of("It is read-only here (" + readOnly + "): no usage mark can be written.");
        }
        if (config.keepsUsage()) {
            return Optional.empty();
        }
        return Optional.of("Add `usage: StatUsage` to " + root.resolve(DiskConfig.FILE_NAME) + " (tarn's usage marks,"
                           + " which Python tarn keeps too): every read, write and touch then marks its value, and gc"
                           + " marks a value it finds without a mark and keeps it, so that it goes at the earliest"
                           + " olderThan after that.");
    }

    private Key checkSize(Key key) {
        return format.check(key, root);
    }

    /**
     * The value, held in use until it is closed: no gc or eviction of any process removes it meanwhile (see
     * {@link UseLocks}); found and marked used under the key's read lock when the lake has a RedisLocker.
     */
    @Override
    public Optional<Value> read(Key key) {
        Locker.Held use = uses.shared(checkSize(key));
        try (Locker.Held held = shared.read(key)) {
            Value value = files.storedValue(key);
            if (value == null) {
                use.close();
                return Optional.empty();
            }
            touchUsage(key);
            return Optional.of(new PinnedValue(value, use::close));
        } catch (RuntimeException | Error e) {
            use.close();
            throw e;
        }
    }

    /**
     * The whole value at once ({@link ValueFiles#wholeFile}: two system calls fewer than {@link #read} and reading the
     * value). The use lock and the RedisLocker's read lock are taken, and the use marked, as {@link #read} does, where
     * they order something: in a lake that keeps usage marks (an evictor or gc by age must see this use) or has a
     * RedisLocker. In a lake without either (a memo index), a read of the bytes at once needs no lock: a removal
     * before the open is a miss, one after it cannot take the bytes away (an unlinked file stays readable while open),
     * and nothing removes a value for not having been used.
     */
    @Override
    public Optional<byte[]> readWhole(Key key) {
        checkSize(key);
        Optional<byte[]> whole;
        if (shared == Locker.NONE && (tools == null || !tools.keepsUsage())) {
            whole = files.wholeFile(key);
        } else {
            try (Locker.Held use = uses.shared(key); Locker.Held held = shared.read(key)) {
                whole = files.wholeFile(key);
                if (whole != null && whole.isPresent()) {
                    touchUsage(key);
                }
            }
        }
        return whole != null ? whole : Location.super.readWhole(key);
    }

    /** The locks that order uses of keys against their removal, in every process on the lake. */
    UseLocks uses() {
        return uses;
    }

    /** What this lake holds as the evictors of every process on this machine count it, when it is a bounded level. */
    Occupancy occupancy() {
        return readOnly != null ? Occupancy.inProcess() : OccupancyFile.open(root, folders, uses);
    }

    /** The lake's RedisLocker, when its config.yml names one. */
    @Override
    public Optional<Locker> locker() {
        return shared == Locker.NONE ? Optional.empty() : Optional.of(shared);
    }

    @Override
    public boolean contains(Key key) {
        return storedFile(key) != null;
    }

    /** The key's value, its size from a look that does not follow links (see {@link ValueFiles#storedValue}), or null. */
    Value storedValue(Key key) {
        return files.storedValue(key);
    }

    /** The regular file holding the key's value (see {@link ValueFiles#stored}), or null. */
    private Path storedFile(Key key) {
        return files.stored(key);
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        if (readOnly != null) {
            return Declines.decline(this, "read-only (" + readOnly + ")");
        }
        Path file = pathOf(key);
        try (Locker.Held held = locks.write(key)) {
            Locker.Held use = uses.shared(key);
            try {
                Optional<Value> stored = store(key, value, labels, file);
                if (stored.isEmpty()) {
                    use.close();
                }
                return stored.map(found -> new PinnedValue(found, use::close));
            } catch (IOException | RuntimeException | Error e) {
                use.close();
                throw e;
            }
        } catch (IOException e) {
            throw new LocationException("The disk lake at " + root + " could not store key " + key.hex() + ": "
                                        + Refusal.reason(e) + ". Check the folder's permissions and free space.", e);
        }
    }

    /** Stores the value at {@code file} under the key's locks, or finds it there: the stored value, or a decline. */
    private Optional<Value> store(Key key, Value value, Set<String> labels, Path file) throws IOException {
        // java.io's stat: NIO's Files.exists throws (and fills a stack trace) on every miss under Java 17
        if (file.toFile().exists()) {
            Path existing = files.existing(key, file);
            protocol.checkSame(key, value, existing);
            tools.addLabels(key, labels);
            touchUsage(key); // a writer told the value is stored has used it: eviction and gc keep it
            return Optional.of(Value.of(existing));
        }
        long size = value.size();
        Optional<String> full = quota.full(Math.max(size, 0));
        if (full.isPresent()) {
            return decline(key, full.get(), null);
        }
        boolean placed;
        try {
            placed = protocol.put(key, value, size, file);
        } catch (IOException e) {
            Optional<String> refusal = Refusal.of(e);
            if (refusal.isPresent()) {
                return decline(key, refusal.get(), e);
            }
            throw e;
        }
        writeFailures.worked();
        if (placed) {
            journal.append(key);
        }
        tools.markStored(key);
        tools.addLabels(key, labels);
        return Optional.of(Value.of(file));
    }

    private Optional<Value> decline(Key key, String why, IOException cause) {
        writeFailures.failed("key " + key.hex(), why);
        return Declines.decline(this, why);
    }

    /** Bytes held by this lake: measured once by walking it, then kept up to date by this process's writes. */
    public long usedBytes() {
        return quota.usedBytes();
    }

    /**
     * Deletes the value and its usage mark and labels. A foreign entry at the key's path is left (verify reports it).
     *
     * @throws LocationException if the value is there but cannot be deleted (a read-only lake, file system or folder)
     */
    @Override
    public boolean delete(Key key) {
        return deleteUnless(key, existing -> false);
    }

    /**
     * Deletes a copy found corrupt only if it still is, checked under the lock this location's writers take: a copy
     * that a verified read healed, or a writer stored again, since it was hashed is kept. (Without that check two
     * verifiers, or a verifier and a healing reader, could delete the intact copy the other had just put there.)
     */
    @Override
    public boolean deleteCorrupt(Key key, HashAlgorithm algorithm) {
        return deleteUnless(key, existing -> algorithm.matches(key, Value.of(existing), this));
    }

    /**
     * Deletes the key's copy unless {@code keep} says otherwise of the file holding it, asked under the lock writers
     * take (a copy found corrupt that is intact again, a value used since eviction or gc started).
     */
    boolean deleteUnless(Key key, Predicate<Path> keep) {
        try (Locker.Held held = locks.write(key)) {
            return deleteLocked(key, keep);
        }
    }

    /**
     * Removes the key's value for gc or eviction: only if no process uses it now (a reader holding its value, a
     * writer or a toucher: {@link UseLocks}), and unless {@code keep} says otherwise of the file, asked once the key is
     * held alone — so a use marks the value before the question is asked, or finds it gone.
     *
     * @return whether it was removed (false: missing, in use, or kept)
     */
    boolean removeUnused(Key key, Predicate<Path> keep) {
        try (Locker.Held held = locks.write(key)) {
            Optional<Locker.Held> alone = uses.tryAlone(key);
            if (alone.isEmpty()) {
                return false;
            }
            try (Locker.Held removing = alone.get()) {
                return deleteLocked(key, keep);
            }
        }
    }

    private boolean deleteLocked(Key key, Predicate<Path> keep) {
        Path file = pathOf(key);
        try {
            Path existing = storedFile(key);
            if (existing == null) {
                return false;
            }
            if (readOnly != null) {
                throw new LocationException("The disk lake at " + root + " is read-only (" + readOnly + "): key "
                                            + key.hex() + " was not deleted", null);
            }
            if (keep.test(existing)) {
                return false;
            }
            long size = DiskQuota.sizeOf(existing);
            if (!existing.equals(file)) {
                Files.delete(existing);
                Files.delete(file);
            } else if (!Files.deleteIfExists(file)) {
                return false;
            }
            quota.changed(-size);
            tools.delete(key);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new LocationException("The disk lake at " + root + " could not delete key " + key.hex() + ": "
                                        + Refusal.reason(e), e);
        }
    }

    /** Updates the key's usage mark (best effort: a mark that cannot be updated is logged); says whether it is here. */
    @Override
    public boolean touch(Key key) {
        try (Locker.Held use = uses.shared(checkSize(key)); Locker.Held held = shared.read(key)) {
            if (!contains(key)) {
                return false;
            }
            touchUsage(key);
            return true;
        }
    }

    /**
     * Whether every process marks the values it reads, writes and touches here: the lake's config.yml names
     * {@code usage: StatUsage} (Python tarn keeps those marks too), and this process can write them (not read-only).
     * Marks this process keeps for eviction alone ({@link Evictable#keepUsage()}) do not count: others keep none.
     */
    @Override
    public boolean recordsUse() {
        return readOnly == null && config.keepsUsage();
    }

    /** Its values' sizes and last uses, and deletes that keep what was used since (see {@link DiskUsage}). */
    @Override
    public Optional<Evictable> evictable() {
        return tools == null || readOnly != null ? Optional.empty() : Optional.of(new DiskUsage(this, tools));
    }

    @Override
    public Optional<Instant> lastUsed(Key key) {
        return tools == null ? Optional.empty() : tools.lastUsed(key);
    }

    /** The labels kept with the key; a labels file that is a link is foreign and gives none (logged). */
    @Override
    public Set<String> labels(Key key) {
        return tools == null ? Set.of() : tools.labels(key);
    }

    /** Marks the key used, where the lake keeps usage and takes writes (best effort, see {@link Tools#touch}). */
    private void touchUsage(Key key) {
        if (readOnly == null) {
            tools.touch(key);
        }
    }

    @Override
    public Optional<OrderedKeys> orderedKeys() {
        return Optional.of(this::keys);
    }

    /**
     * The keys in ascending order, from the first one after {@code after} (or the first of all when null), lazily: a
     * listing pages through a huge lake by starting after the last key of the previous page. Close the stream.
     */
    public Stream<Key> keys(Key after) {
        return sortedWalk(after == null ? null : checkSize(after)).entries().filter(KeyWalk.Found::value)
                .map(KeyWalk.Found::key);
    }

    /** A walk in key order after {@code after}, for {@link #keys} and the change feed's full scans. */
    KeyWalk sortedWalk(Key after) {
        return KeyWalk.sorted(root, layout, algorithm, after);
    }

    /** The change journal; null when the lake's root could not be read. */
    Journal journal() {
        return journal;
    }

    @Override
    public Stream<Entry> contents() {
        return new KeyWalk(root, layout, algorithm).entries().filter(KeyWalk.Found::value)
                .map(found -> new Entry(found.key(), this));
    }

    /**
     * Re-hashes every stored file (without marking it used), deletes those that do not hash to their key, clears what
     * a crash leaves behind ({@code .tmp/} files and {@code config.yml.*.part} files older than
     * {@link #TEMPORARY_GRACE}, or all of them with {@link VerifyOptions#allTemporaryFiles()}), and reports foreign
     * entries: links, special files and folders where values or temporary files belong (removed with
     * {@link VerifyOptions#removeForeign()}). Entries that vanish under the walk are counted, never an error. A
     * read-only lake is only reported on.
     */
    @Override
    public VerifyReport verify(HashAlgorithm algorithm, VerifyOptions options) {
        VerifyOptions how = readOnly == null ? options : options.reportingOnly();
        KeyWalk walk = new KeyWalk(root, layout, algorithm);
        List<String> foreign = new ArrayList<>();
        Stream<Entry> values = walk.entries().filter(found -> {
            if (found.value()) {
                return true;
            }
            foreign.add(TemporaryFiles.foreignEntry(found.path(), found.kind(), how));
            return false;
        }).map(found -> new Entry(found.key(), this));
        VerifyReport report = VerifyReport.check(values, algorithm,
                entry -> Optional.ofNullable(storedFile(entry.key())).map(Value::of),
                entry -> !how.reportOnly() && deleteCorrupt(entry.key(), algorithm));
        TemporaryFiles.Swept swept = temporary.sweep(TEMPORARY_GRACE, how, foreign);
        return report.withRemovedTemporaryFiles(swept.removed()).withForeign(foreign, walk.vanished() + swept.vanished());
    }

    @Override
    public List<Location> children() {
        return List.of();
    }

    /** Closes the connections of its RedisLocker, if it has one. */
    @Override
    public void close() {
        shared.close();
        uses.close();
    }

    /** Its spec text, as it prints and unquoted, and its folder. */
    @Override
    public Set<String> names() {
        return Set.copyOf(List.of(toString(), SpecText.unquote(toString()), root.toString()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiskLocation other && other.root.equals(root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return SpecText.quote("disk:" + root);
    }
}
