package io.tarn.location.disk;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.Value;
import io.tarn.location.Declines;
import io.tarn.location.Entry;
import io.tarn.location.Evictable;
import io.tarn.location.FailureLog;
import io.tarn.location.KeyLayout;
import io.tarn.location.Location;
import io.tarn.location.Locker;
import io.tarn.location.SpecText;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;
import io.tarn.location.disk.NoFollow.Kind;
import io.tarn.location.Collisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final int STRIPES = 64;
    /** A temporary file older than this belongs to no running write (a write that slow would be a stalled one). */
    public static final Duration TEMPORARY_GRACE = Duration.ofHours(1);

    private final Path root;
    private final DiskConfig config;
    private final HashAlgorithm algorithm;
    private final LakeFormat format;
    private final KeyLayout layout;
    private final Path tmp;
    /** Why this lake takes no writes (its folders could not be made, its file system is read-only), or null. */
    private final String readOnly;
    /** Its folders and how entries are made in them; null when the root could not be read (read-only). */
    private final LakeFolders folders;
    private final Tools tools;
    private final DiskQuota quota;
    /** camel-tarn's change journal (written once a consumer made it); null when the root could not be read. */
    private final Journal journal;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    /** The lake's RedisLocker, or {@link Locker#NONE}; taken before the stripe lock, released after it. */
    private final Locker shared;
    private final FailureLog writeFailures;
    /** Whether a file created with the values' mode keeps it under this process's umask (then no chmod is needed). */
    private volatile Boolean modeAtCreate;

    private DiskLocation(Path root, DiskConfig config, String readOnlyReason) {
        this.root = root;
        this.config = config;
        this.format = LakeFormat.of(config);
        this.algorithm = format.algorithm();
        this.layout = format.layout();
        this.tmp = root.resolve(".tmp");
        this.writeFailures = new FailureLog("Writing to " + this, "writes are declined and offered to the next location");
        this.shared = config.locker() == null ? Locker.NONE : config.locker().open("the disk lake at " + root);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
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

    /** Opens the lake in {@code root}, creating it with Python tarn's default config when there is none. */
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
        Path file = absolute.resolve(DiskConfig.FILE_NAME);
        try {
            Optional<DiskConfig> existing = Files.isDirectory(absolute) ? DiskConfig.read(file) : Optional.empty();
            if (existing.isPresent()) {
                DiskConfig config = existing.get();
                if (wanted != null && !wanted.equals(config)) {
                    throw new LocationSpecException("The lake at " + absolute + " is configured as {" + config.describe().trim()
                                                    + "} in its config.yml, which differs from the requested {"
                                                    + wanted.describe().trim() + "}: change one to match the other");
                }
                return new DiskLocation(absolute, config, null);
            }
            DiskConfig config = wanted == null ? DiskConfig.defaults() : wanted;
            if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
                throw new LocationSpecException("Cannot open a disk lake at " + absolute + ": it is a file, not a folder");
            }
            String readOnly = null;
            try {
                Files.createDirectories(absolute);
                writeConfig(file, config);
            } catch (IOException e) {
                readOnly = (Files.isDirectory(absolute) ? "cannot write its " + DiskConfig.FILE_NAME
                        : "the folder does not exist and cannot be created") + ": " + Refusal.reason(e);
            }
            return new DiskLocation(absolute, config, readOnly);
        } catch (IOException e) {
            throw new LocationException("Cannot open the disk lake at " + absolute + ": " + e, e);
        }
    }

    private static void writeConfig(Path file, DiskConfig config) throws IOException {
        // unique per call: threads of one process may create the same lake at once, and must not share a part file
        Path part = file.resolveSibling(DiskConfig.FILE_NAME + "." + ProcessHandle.current().pid() + "." + randomSuffix()
                                        + ".part");
        Files.writeString(part, config.toYaml(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        try {
            // another process may create the lake at the same time: the first config wins
            Files.createLink(file, part);
        } catch (FileAlreadyExistsException e) {
            // fine: someone else initialised it
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Refusal.of(e).isPresent()) {
                throw e;
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
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

    /** The first disk location of a tree, depth first and in order (its own disk folder for a lone disk). */
    public static Optional<DiskLocation> first(Location tree) {
        if (tree instanceof DiskLocation disk) {
            return Optional.of(disk);
        }
        for (Location child : tree.children()) {
            Optional<DiskLocation> found = first(child);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
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
        return root.resolve(format.relative(key, root));
    }

    private Key checkSize(Key key) {
        return format.check(key, root);
    }

    /**
     * The value, under the key's read lock when the lake has a RedisLocker (held while the file is found and marked
     * used; the bytes are read afterwards from a file that a delete cannot take away from an open stream).
     */
    @Override
    public Optional<Value> read(Key key) {
        try (Locker.Held held = shared.read(checkSize(key))) {
            Path path = storedFile(key);
            if (path == null) {
                return Optional.empty();
            }
            touchUsage(key);
            return Optional.of(Value.of(path));
        }
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

    /**
     * The regular file holding the key's value (in tarn's legacy layout, {@code data} in a folder named by the key), or
     * null: one stat for a miss, with java.io's stat (NIO's throws on every miss under Java 17); a hit is looked at
     * once more without following links, and its folders once per process. A foreign entry is a miss, logged.
     */
    private Path storedFile(Key key) {
        Path path = pathOf(key);
        if (folders == null) {
            return null; // the root could not be read
        }
        File file = path.toFile();
        if (file.isFile()) {
            return folders.inside(path, true) ? path : null;
        }
        if (!file.isDirectory()) {
            return null; // missing, or a link to nothing: verify reports the latter
        }
        Path legacy = path.resolve(LakeFormat.LEGACY_VALUE);
        return legacy.toFile().isFile() && folders.inside(path, false) && folders.inside(legacy, false)
                ? legacy : null;
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        if (readOnly != null) {
            return Declines.decline(this, "read-only (" + readOnly + ")");
        }
        Path file = pathOf(key);
        Locker.Held held = shared.write(key);
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
        lock.lock();
        try {
            // java.io's stat: NIO's Files.exists throws (and fills a stack trace) on every miss under Java 17
            if (file.toFile().exists()) {
                Path existing = existing(key, file);
                checkSame(key, value, existing);
                tools.addLabels(key, labels);
                touchUsage(key); // a writer told the value is stored has used it: eviction and gc keep it
                return Optional.of(Value.of(existing));
            }
            long size = value.size();
            Optional<String> full = quota.full(Math.max(size, 0));
            if (full.isPresent()) {
                return decline(key, full.get(), null);
            }
            Path folder = file.getParent();
            Path part = tmp.resolve(key.hex() + randomSuffix());
            boolean placed;
            try {
                if (!folders.known(folder)) {
                    folders.ensure(folder);
                }
                boolean modeSet = false;
                if (!value.linkTo(part)) {
                    modeSet = copy(value, part);
                }
                long written = size >= 0 ? size : Files.size(part);
                if (folders.valueMode() != null) {
                    if (!modeSet) {
                        NoFollow.setMode(part, LakeFolders.bits(folders.valueMode()));
                    }
                    folders.setGroupIfNeeded(part);
                }
                try {
                    placed = place(key, part, file);
                } catch (NoSuchFileException e) {
                    // the folder was removed since this location made it: make it again
                    folders.forget(folder);
                    folders.ensure(folder);
                    placed = place(key, part, file);
                }
                quota.changed(written);
            } catch (IOException e) {
                Optional<String> refusal = Refusal.of(e);
                if (refusal.isPresent()) {
                    return decline(key, refusal.get(), e);
                }
                throw e;
            } finally {
                deletePart(part);
            }
            writeFailures.worked();
            if (placed) {
                journal.append(key);
            }
            tools.touch(key);
            tools.addLabels(key, labels);
            return Optional.of(Value.of(file));
        } catch (IOException e) {
            throw new LocationException("The disk lake at " + root + " could not store key " + key.hex() + ": "
                                        + Refusal.reason(e) + ". Check the folder's permissions and free space.", e);
        } finally {
            lock.unlock();
            held.close();
        }
    }

    private Optional<Value> decline(Key key, String why, IOException cause) {
        writeFailures.failed("key " + key.hex(), why);
        return Declines.decline(this, why);
    }

    /**
     * The file holding the value at a path where something already stands: the value itself, or {@code data} in
     * tarn's legacy layout.
     *
     * @throws LocationException if what stands there is foreign (a link, a special file, a folder without a value)
     */
    private Path existing(Key key, Path file) {
        Kind kind = NoFollow.kind(file);
        if (kind == Kind.FOLDER && NoFollow.kind(file.resolve(LakeFormat.LEGACY_VALUE)) == Kind.FILE && folders.trusted(file, false)) {
            return file.resolve(LakeFormat.LEGACY_VALUE);
        }
        if (kind == Kind.FILE && folders.trusted(file.getParent(), true)) {
            return file;
        }
        Path entry = kind == Kind.FILE ? file.getParent() : file;
        throw new LocationException("The disk lake at " + root + " cannot store key " + key.hex() + ": " + entry + " is "
                                    + NoFollow.kind(entry).describe() + ", not an entry camel-tarn wrote, and nothing is"
                                    + " written through or over it. Remove it (verify with removeForeign does) and write"
                                    + " again.", null);
    }

    /**
     * Removes a temporary file: one unlink through java.io (NIO's delete stats the path first); NIO again only when
     * that fails, to say why.
     */
    private static void deletePart(Path part) throws IOException {
        if (!part.toFile().delete()) {
            Files.deleteIfExists(part);
        }
    }

    /**
     * Puts a finished temporary file in place without ever replacing what another writer put there. When another
     * writer was first, the bytes are compared through {@code part}: what stands there is never trusted blindly.
     *
     * @return whether this call put it there (false: another writer was first)
     */
    private boolean place(Key key, Path part, Path file) throws IOException {
        try {
            Files.createLink(file, part);
            return true;
        } catch (FileAlreadyExistsException e) {
            checkSame(key, Value.of(part), existing(key, file));
            return false;
        } catch (NoSuchFileException e) {
            throw e; // the value's folder is gone: write() makes it again
        } catch (UnsupportedOperationException | FileSystemException e) {
            Optional<String> refusal = Refusal.of(e);
            if (refusal.isEmpty() && Refusal.crossDevice(e)) {
                // .tmp/ and the value's folder are different mounts: a read-only bind mount says so as EXDEV
                Path folder = file.getParent();
                if (Files.getFileStore(folder).isReadOnly()) {
                    throw new FileSystemException(folder.toString(), null, "Read-only file system");
                }
                throw new LocationException("The disk lake at " + root + " cannot store key " + key.hex() + ": its .tmp/"
                                            + " and " + folder + " are on different file systems, and a value is put in"
                                            + " place by a link: keep a lake's folders on one file system", e);
            }
            if (refusal.isPresent()) {
                throw e;
            }
            // a file system without hard links
            if (file.toFile().exists()) {
                checkSame(key, Value.of(part), existing(key, file));
                return false;
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    /**
     * Copies the value into the new file {@code target}; returns whether the file was created with {@code fileMode}
     * already (a stream copy under a umask that keeps it), which saves a chmod per write.
     */
    private boolean copy(Value value, Path target) throws IOException {
        Optional<Path> source = value.file();
        if (source.isPresent()) {
            Files.copy(source.get(), target);
            return false;
        }
        Set<PosixFilePermission> mode = folders.valueMode();
        boolean withMode = mode != null && modeAtCreate(mode);
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (InputStream in = value.open();
             OutputStream out = Channels.newOutputStream(withMode
                     ? Files.newByteChannel(target, options, PosixFilePermissions.asFileAttribute(mode))
                     : Files.newByteChannel(target, options))) {
            in.transferTo(out);
        }
        return withMode;
    }

    /**
     * Whether this process's umask keeps every bit of {@code fileMode} (the usual 022 and 002 do; 077 does not), found
     * once by creating a file in {@code .tmp/}; Java cannot read the umask otherwise, nor change it.
     */
    private boolean modeAtCreate(Set<PosixFilePermission> mode) throws IOException {
        Boolean known = modeAtCreate;
        if (known == null) {
            Path probe = tmp.resolve("umask-" + randomSuffix());
            try {
                Files.createFile(probe, PosixFilePermissions.asFileAttribute(EnumSet.allOf(PosixFilePermission.class)));
                known = Files.readAttributes(probe, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).permissions().containsAll(mode);
            } finally {
                Files.deleteIfExists(probe);
            }
            modeAtCreate = known;
        }
        return known;
    }

    private void checkSame(Key key, Value value, Path existing) throws IOException {
        if (value.file().map(f -> f.equals(existing)).orElse(false)
                && (value.size() < 0 || value.size() == Files.size(existing))) {
            return;
        }
        Collisions.check(key, value, Files.size(existing), () -> NoFollow.open(existing), "the disk lake at " + root);
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
        Path file = pathOf(key);
        Locker.Held held = shared.write(key);
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
        lock.lock();
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
        } finally {
            lock.unlock();
            held.close();
        }
    }

    /** Updates the key's usage mark (best effort: a mark that cannot be updated is logged); says whether it is here. */
    @Override
    public boolean touch(Key key) {
        if (!contains(key)) {
            return false;
        }
        touchUsage(key);
        return true;
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
    public boolean ordersKeys() {
        return true;
    }

    @Override
    public Stream<Key> keysAfter(Key after) {
        return keys(after);
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
            foreign.add(foreignEntry(found.path(), found.kind(), how));
            return false;
        }).map(found -> new Entry(found.key(), this));
        VerifyReport report = VerifyReport.check(values, algorithm,
                entry -> Optional.ofNullable(storedFile(entry.key())).map(Value::of),
                entry -> !how.reportOnly() && deleteCorrupt(entry.key(), algorithm));
        long removed = 0;
        long vanished = walk.vanished();
        Instant staleBefore = how.allTemporaryFiles() ? Instant.MAX : Instant.now().minus(TEMPORARY_GRACE);
        Kind tmpKind = NoFollow.kind(tmp);
        if (tmpKind != Kind.FOLDER && tmpKind != Kind.MISSING) {
            foreign.add(foreignEntry(tmp, tmpKind, how));
        }
        List<Path> temporary = new ArrayList<>(tmpKind == Kind.FOLDER ? list(tmp, name -> true) : List.of());
        temporary.addAll(list(root, name -> name.startsWith(DiskConfig.FILE_NAME + ".") && name.endsWith(".part")));
        for (Path file : temporary) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                vanished++;
                continue;
            } catch (IOException e) {
                throw new LocationException("Could not look at the temporary file " + file + ": " + Refusal.reason(e), e);
            }
            if (!attributes.isRegularFile()) {
                foreign.add(foreignEntry(file, NoFollow.kind(attributes), how));
            } else if (!how.reportOnly() && attributes.lastModifiedTime().toInstant().isBefore(staleBefore)
                       && deleteStale(file)) {
                removed++;
            }
        }
        return report.withRemovedTemporaryFiles(removed).withForeign(foreign, vanished);
    }

    /** The names in a folder matching {@code wanted}; none when the folder is missing. */
    private static List<Path> list(Path folder, Predicate<String> wanted) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> wanted.test(file.getFileName().toString())).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new LocationException("Could not list " + folder + ": " + Refusal.reason(e), e);
        }
    }

    /** Describes a foreign entry for the report, removing it first when asked to (never following a link). */
    private String foreignEntry(Path path, Kind kind, VerifyOptions how) {
        String entry = path + " (" + kind.describe() + ")";
        if (!how.removeForeign() || how.reportOnly()) {
            return entry;
        }
        try {
            NoFollow.removeTree(path);
            return entry + ", removed";
        } catch (IOException e) {
            return entry + ", could not be removed: " + Refusal.reason(e);
        }
    }

    private static boolean deleteStale(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LocationException("Could not delete the stale temporary file " + file + ": " + Refusal.reason(e), e);
        }
    }

    static String randomSuffix() {
        char[] chars = new char[8];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    @Override
    public List<Location> children() {
        return List.of();
    }

    /** Closes the connections of its RedisLocker, if it has one. */
    @Override
    public void close() {
        shared.close();
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
