package io.tarn.location.disk;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.Value;
import io.tarn.format.DiskConfig;
import io.tarn.format.KeyLayout;
import io.tarn.location.ChangeSource;
import io.tarn.location.Changes;
import io.tarn.location.Entry;
import io.tarn.location.Evictable;
import io.tarn.location.Location;
import io.tarn.location.Locker;
import io.tarn.location.Occupancy;
import io.tarn.location.OrderedKeys;
import io.tarn.location.SpecText;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;

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
    /** A temporary file older than this belongs to no running write (a write that slow would be a stalled one). */
    public static final Duration TEMPORARY_GRACE = Duration.ofHours(1);

    private final Path root;
    private final DiskConfig config;
    /** What it is made of: its files, locks, usage marks, journal; and why it takes no writes, when it does not. */
    private final LakeParts parts;

    private DiskLocation(Path root, DiskConfig config, String readOnlyReason) {
        this.root = root;
        this.config = config;
        this.parts = new LakeParts(this, root, config, readOnlyReason);
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
        return Optional.ofNullable(parts.readOnly);
    }

    /** Where this location stages writes; the lake spools incoming values here so that storing is a link. */
    public Path tmpFolder() {
        return parts.tmp;
    }

    /** Its {@code .tmp/}, unless it is read-only. */
    @Override
    public List<Path> spoolFolders() {
        return parts.readOnly == null ? List.of(parts.tmp) : List.of();
    }

    @Override
    public Optional<HashAlgorithm> algorithm() {
        return Optional.ofNullable(config.hash());
    }

    /** The file that holds (or would hold) the key. */
    public Path pathOf(Key key) {
        return parts.files.pathOf(key);
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
        return DiskOpening.howToRecordUse(root, parts.readOnly, config);
    }

    private Key checkSize(Key key) {
        return parts.format.check(key, root);
    }

    /**
     * The value, held in use until it is closed: no gc or eviction of any process removes it meanwhile (see
     * {@link UseLocks}); found and marked used under the key's read lock when the lake has a RedisLocker.
     */
    @Override
    public Optional<Value> read(Key key) {
        return parts.reads.read(checkSize(key));
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
        if (parts.shared == Locker.NONE && (parts.tools == null || !parts.tools.keepsUsage())) {
            whole = parts.files.wholeFile(key);
        } else {
            whole = parts.reads.wholeFileInUse(key);
        }
        return whole != null ? whole : Location.super.readWhole(key);
    }

    /** The locks that order uses of keys against their removal, in every process on the lake. */
    UseLocks uses() {
        return parts.uses;
    }

    /** What this lake holds as the evictors of every process on this machine count it, when it is a bounded level. */
    Occupancy occupancy() {
        return parts.readOnly != null ? Occupancy.inProcess() : OccupancyFile.open(root, parts.folders, parts.uses);
    }

    /** The lake's RedisLocker, when its config.yml names one. */
    @Override
    public Optional<Locker> locker() {
        return parts.shared == Locker.NONE ? Optional.empty() : Optional.of(parts.shared);
    }

    @Override
    public boolean contains(Key key) {
        return storedFile(key) != null;
    }

    /** The key's value, its size from a look that does not follow links (see {@link ValueFiles#storedValue}), or null. */
    Value storedValue(Key key) {
        return parts.files.storedValue(key);
    }

    /** The regular file holding the key's value (see {@link ValueFiles#stored}), or null. */
    Path storedFile(Key key) {
        return parts.files.stored(key);
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        return parts.changes.write(key, value, labels);
    }

    /** Bytes held by this lake: measured once by walking it, then kept up to date by this process's writes. */
    public long usedBytes() {
        return parts.quota.usedBytes();
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
        return parts.changes.deleteUnless(key, keep);
    }

    /** Removes the key's value for gc or eviction, when no process uses it now (see {@link KeyChanges#removeUnused}). */
    boolean removeUnused(Key key, Predicate<Path> keep) {
        return parts.changes.removeUnused(key, keep);
    }

    /** Updates the key's usage mark (best effort: a mark that cannot be updated is logged); says whether it is here. */
    @Override
    public boolean touch(Key key) {
        return parts.reads.touch(checkSize(key));
    }

    /**
     * Whether every process marks the values it reads, writes and touches here: the lake's config.yml names
     * {@code usage: StatUsage} (Python tarn keeps those marks too), and this process can write them (not read-only).
     * Marks this process keeps for eviction alone ({@link Evictable#keepUsage()}) do not count: others keep none.
     */
    @Override
    public boolean recordsUse() {
        return parts.readOnly == null && config.keepsUsage();
    }

    /** Its values' sizes and last uses, and deletes that keep what was used since (see {@link DiskUsage}). */
    @Override
    public Optional<Evictable> evictable() {
        return parts.tools == null || parts.readOnly != null ? Optional.empty()
                : Optional.of(new DiskUsage(this, parts.tools));
    }

    @Override
    public Optional<Instant> lastUsed(Key key) {
        return parts.tools == null ? Optional.empty() : parts.tools.lastUsed(key);
    }

    /** The labels kept with the key; a labels file that is a link is foreign and gives none (logged). */
    @Override
    public Set<String> labels(Key key) {
        return parts.tools == null ? Set.of() : parts.tools.labels(key);
    }

    /** Whether its config.yml says {@code labels: JsonLabels}, or it takes no writes (it drops no labels then). */
    @Override
    public boolean keepsLabels() {
        return parts.readOnly != null || config.keepsLabels();
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

    /** How its keys are laid out in folders. */
    KeyLayout layout() {
        return parts.layout;
    }

    /** A walk in key order after {@code after}, for {@link #keys} and the change feed's full scans. */
    KeyWalk sortedWalk(Key after) {
        return KeyWalk.sorted(root, parts.layout, parts.format.algorithm(), after);
    }

    /** The change journal; null when the lake's root could not be read. */
    Journal journal() {
        return parts.journal;
    }

    @Override
    public Stream<Entry> contents() {
        return new KeyWalk(root, parts.layout, parts.format.algorithm()).entries().filter(KeyWalk.Found::value)
                .map(found -> new Entry(found.key(), this));
    }

    /**
     * Re-hashes every stored file (without marking it used), deletes those that do not hash to their key, clears what
     * a crash leaves behind, and reports foreign entries (see {@link LakeVerify}). A read-only lake is only reported on.
     */
    @Override
    public VerifyReport verify(HashAlgorithm algorithm, VerifyOptions options) {
        VerifyOptions how = parts.readOnly == null ? options : options.reportingOnly();
        return LakeVerify.verify(this, how, algorithm, parts.temporary);
    }

    @Override
    public List<Location> children() {
        return List.of();
    }

    /** Closes the connections of its RedisLocker, if it has one. */
    @Override
    public void close() {
        parts.shared.close();
        parts.uses.close();
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
