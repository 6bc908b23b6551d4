package io.tarn.location.disk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import io.tarn.CollisionException;
import io.tarn.HashAlgorithm;
import io.tarn.InvalidKeyException;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.Value;
import io.tarn.location.Entry;
import io.tarn.location.KeyLayout;
import io.tarn.location.Location;
import io.tarn.location.VerifyReport;

/**
 * A folder in Python tarn 0.14.0's DiskDict format: a value with key hex {@code h} lives at {@code ROOT/} + {@code h}
 * split by the configured levels, as a read-only (0444) file; writes go to {@code ROOT/.tmp/} and are linked into
 * place, so a reader never sees a partial value and concurrent writers of one key, in any number of processes, end
 * with one intact file. Declines writes when {@code free_disk_size} or {@code max_size} would be exceeded.
 */
public final class DiskLocation implements Location {
    private static final int STRIPES = 64;
    /** A temporary file older than this belongs to no running write (a write that slow would be a stalled one). */
    public static final java.time.Duration TEMPORARY_GRACE = java.time.Duration.ofHours(1);
    private static final Set<PosixFilePermission> READ = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final Path root;
    private final DiskConfig config;
    private final HashAlgorithm algorithm;
    private final KeyLayout layout;
    private final Path tmp;
    private final Path usageRoot;
    private final Path labelsRoot;
    private final Set<PosixFilePermission> folderMode;
    private final Set<PosixFilePermission> fileMode;
    private final GroupPrincipal group;
    private final FileStore store;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final AtomicLong used = new AtomicLong(-1);
    /** Value folders known to exist, so that a write does not stat its folder each time (at most 65,536 at [1,1,-1]). */
    private final Set<Path> folders = ConcurrentHashMap.newKeySet();
    private volatile Boolean chownFiles;
    /** Whether a file created with {@code fileMode} keeps it under this process's umask (then a write needs no chmod). */
    private volatile Boolean modeAtCreate;

    private DiskLocation(Path root, DiskConfig config) throws IOException {
        this.root = root;
        this.config = config;
        this.algorithm = config.algorithmOrDefault();
        this.layout = new KeyLayout(config.levels());
        this.tmp = root.resolve(".tmp");
        this.usageRoot = root.resolve("tools/usage");
        this.labelsRoot = root.resolve("tools/labels");
        PosixFileAttributeView view = Files.getFileAttributeView(root, PosixFileAttributeView.class);
        if (view != null) {
            PosixFileAttributes attributes = view.readAttributes();
            this.folderMode = attributes.permissions();
            this.group = attributes.group();
            this.fileMode = EnumSet.noneOf(PosixFilePermission.class);
            this.fileMode.addAll(folderMode);
            this.fileMode.retainAll(READ);
        } else {
            this.folderMode = null;
            this.fileMode = null;
            this.group = null;
        }
        this.store = Files.getFileStore(root);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        // git and other copies drop empty folders: re-create them as tarn does on open
        createFolders(tmp);
        createFolders(usageRoot);
        createFolders(labelsRoot);
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
     * keeps its config.yml, which must then agree with {@code wanted} when that is given.
     *
     * @throws LocationSpecException if config.yml is malformed or disagrees with {@code wanted}
     */
    public static DiskLocation open(Path root, DiskConfig wanted) {
        Path absolute = root.toAbsolutePath().normalize();
        Path file = absolute.resolve(DiskConfig.FILE_NAME);
        try {
            DiskConfig config;
            Optional<DiskConfig> existing = Files.isDirectory(absolute) ? DiskConfig.read(file)
                    : Optional.empty();
            if (existing.isPresent()) {
                config = existing.get();
                if (wanted != null && !wanted.equals(config)) {
                    throw new LocationSpecException("The lake at " + absolute + " is configured as {" + config.toYaml().trim()
                                                    + "} in its config.yml, which differs from the requested {"
                                                    + wanted.toYaml().trim() + "}: change one to match the other");
                }
            } else {
                config = wanted == null ? DiskConfig.defaults() : wanted;
                if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
                    throw new LocationSpecException("Cannot open a disk lake at " + absolute + ": it is a file, not a folder");
                }
                Files.createDirectories(absolute);
                writeConfig(file, config);
            }
            return new DiskLocation(absolute, config);
        } catch (IOException e) {
            throw new LocationException("Cannot open the disk lake at " + absolute + ": " + e, e);
        }
    }

    private static void writeConfig(Path file, DiskConfig config) throws IOException {
        // unique per call: threads of one process may create the same lake at once, and must not share a part file
        Path part = file.resolveSibling(DiskConfig.FILE_NAME + "." + ProcessHandle.current().pid() + "." + randomSuffix()
                                        + ".part");
        Files.writeString(part, config.toYaml(), StandardCharsets.UTF_8);
        try {
            // another process may create the lake at the same time: the first config wins
            Files.createLink(file, part);
        } catch (FileAlreadyExistsException e) {
            // fine: someone else initialised it
        } catch (UnsupportedOperationException | FileSystemException e) {
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

    /** Where this location stages writes; the lake spools incoming values here so that storing is a rename. */
    public Path tmpFolder() {
        return tmp;
    }

    @Override
    public Optional<HashAlgorithm> algorithm() {
        return Optional.ofNullable(config.hash());
    }

    /** The file that holds (or would hold) the key. */
    public Path pathOf(Key key) {
        if (key.size() != algorithm.digestSize()) {
            throw new InvalidKeyException("Key " + key.hex() + " has " + key.size() + " bytes, but the lake at " + root
                                          + " uses " + algorithm.name() + " (" + algorithm.digestSize() + " bytes)");
        }
        return root.resolve(layout.relative(key));
    }

    private Path stored(Key key) {
        Path path = pathOf(key);
        if (Files.isDirectory(path)) {
            // legacy tarn layout: a folder with the value in 'data'
            return path.resolve("data");
        }
        return path;
    }

    @Override
    public Optional<Value> read(Key key) {
        Path path = storedFile(key);
        if (path == null) {
            return Optional.empty();
        }
        touchUsage(key);
        return Optional.of(Value.of(path));
    }

    @Override
    public boolean contains(Key key) {
        return storedFile(key) != null;
    }

    /**
     * The regular file holding the key's value (in tarn's legacy layout, {@code data} in a folder named by the key), or
     * null: one stat for a hit in today's layout, with java.io's stat (NIO's throws on every miss under Java 17).
     */
    private Path storedFile(Key key) {
        Path path = pathOf(key);
        if (path.toFile().isFile()) {
            return path;
        }
        Path legacy = path.resolve("data");
        return legacy.toFile().isFile() ? legacy : null;
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        Path file = pathOf(key);
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
        lock.lock();
        try {
            // java.io's stat: NIO's Files.exists throws (and fills a stack trace) on every miss under Java 17
            if (file.toFile().exists()) {
                Path existing = stored(key);
                checkSame(key, value, existing);
                updateLabels(key, labels);
                return Optional.of(Value.of(existing));
            }
            long size = value.size();
            if (!writable(Math.max(size, 0))) {
                return Optional.empty();
            }
            Path folder = file.getParent();
            if (!folders.contains(folder)) {
                createFolders(folder);
                folders.add(folder);
            }
            Path part = tmp.resolve(key.hex() + randomSuffix());
            try {
                boolean modeSet = false;
                if (!value.moveTo(part)) {
                    modeSet = copy(value, part);
                }
                long written = size >= 0 ? size : Files.size(part);
                if (fileMode != null) {
                    if (!modeSet) {
                        Files.setPosixFilePermissions(part, fileMode);
                    }
                    setGroupIfNeeded(part);
                }
                try {
                    place(key, part, file);
                } catch (NoSuchFileException e) {
                    // the folder was removed since this location made it: make it again
                    folders.remove(folder);
                    createFolders(folder);
                    place(key, part, file);
                }
                if (used.get() >= 0) {
                    used.addAndGet(written);
                }
            } finally {
                deletePart(part);
            }
            touchUsage(key);
            updateLabels(key, labels);
            return Optional.of(Value.of(file));
        } catch (IOException e) {
            throw new LocationException("The disk lake at " + root + " could not store key " + key.hex() + ": " + e
                                        + ". Check the folder's permissions and free space.", e);
        } finally {
            lock.unlock();
        }
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
     * writer was first, the bytes are compared through {@code part}: the value itself may have been moved there
     * (a spooled value) and cannot be read again.
     */
    private void place(Key key, Path part, Path file) throws IOException {
        try {
            Files.createLink(file, part);
        } catch (FileAlreadyExistsException e) {
            checkSame(key, Value.of(part), file);
        } catch (NoSuchFileException e) {
            throw e; // the value's folder is gone: write() makes it again
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(file)) {
                checkSame(key, Value.of(part), file);
            } else {
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            }
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
        boolean withMode = fileMode != null && modeAtCreate();
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (InputStream in = value.open();
             OutputStream out = Channels.newOutputStream(withMode
                     ? Files.newByteChannel(target, options, PosixFilePermissions.asFileAttribute(fileMode))
                     : Files.newByteChannel(target, options))) {
            in.transferTo(out);
        }
        return withMode;
    }

    /**
     * Whether this process's umask keeps every bit of {@code fileMode} (the usual 022 and 002 do; 077 does not), found
     * once by creating a file in {@code .tmp/}; Java cannot read the umask otherwise, nor change it.
     */
    private boolean modeAtCreate() throws IOException {
        Boolean known = modeAtCreate;
        if (known == null) {
            Path probe = tmp.resolve("umask-" + randomSuffix());
            try {
                Files.createFile(probe, PosixFilePermissions.asFileAttribute(EnumSet.allOf(PosixFilePermission.class)));
                known = Files.getPosixFilePermissions(probe).containsAll(fileMode);
            } finally {
                Files.deleteIfExists(probe);
            }
            modeAtCreate = known;
        }
        return known;
    }

    private void checkSame(Key key, Value value, Path existing) throws IOException {
        long size = value.size();
        if (size >= 0 && size != Files.size(existing)) {
            throw new CollisionException(key, "the disk lake at " + root);
        }
        if (value.file().map(f -> f.equals(existing)).orElse(false)) {
            return;
        }
        try (InputStream stored = Files.newInputStream(existing)) {
            if (!Value.sameBytes(value, stored)) {
                throw new CollisionException(key, "the disk lake at " + root);
            }
        }
    }

    private boolean writable(long size) throws IOException {
        if (config.freeDiskSize() > 0 && store.getUsableSpace() - size < config.freeDiskSize()) {
            return false;
        }
        return config.maxSize() == null || usedBytes() + size <= config.maxSize();
    }

    /** Bytes held by this lake: measured once by walking it, then kept up to date by this process's writes. */
    public long usedBytes() {
        long value = used.get();
        if (value < 0) {
            try (Stream<Entry> entries = contents()) {
                value = entries.mapToLong(e -> sizeOf(stored(e.key()))).sum();
            }
            used.compareAndSet(-1, value);
            value = used.get();
        }
        return value;
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public boolean delete(Key key) {
        Path file = pathOf(key);
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
        lock.lock();
        try {
            Path existing = stored(key);
            if (!Files.exists(existing)) {
                return false;
            }
            long size = Files.size(existing);
            if (Files.isDirectory(file)) {
                Files.delete(existing);
                Files.delete(file);
            } else if (!Files.deleteIfExists(file)) {
                return false;
            }
            if (used.get() >= 0) {
                used.addAndGet(-size);
            }
            if (config.keepsUsage()) {
                Files.deleteIfExists(usageMark(key));
            }
            if (config.keepsLabels()) {
                Files.deleteIfExists(labelsFile(key));
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new LocationException("The disk lake at " + root + " could not delete key " + key.hex() + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean touch(Key key) {
        if (!contains(key)) {
            return false;
        }
        touchUsage(key);
        return true;
    }

    @Override
    public Optional<Instant> lastUsed(Key key) {
        if (!config.keepsUsage()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.getLastModifiedTime(usageMark(key)).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Set<String> labels(Key key) {
        if (!config.keepsLabels()) {
            return Set.of();
        }
        Path file = labelsFile(key);
        try {
            return Files.exists(file) ? JsonLabels.parse(Files.readString(file), file) : Set.of();
        } catch (IOException e) {
            throw new LocationException("Cannot read the labels of key " + key.hex() + " at " + file + ": " + e, e);
        }
    }

    @Override
    public Stream<Entry> contents() {
        int depth = layout.levels().size();
        try {
            return Files.walk(root, depth)
                    .map(path -> layout.parse(root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/"),
                            algorithm))
                    .flatMap(Optional::stream)
                    .map(key -> new Entry(key, this));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the disk lake at " + root, e);
        }
    }

    /**
     * Re-hashes every stored file (without marking it used), deletes those that do not hash to their key, and clears
     * what a crash leaves behind: files in {@code .tmp/} and {@code config.yml.*.part} files older than
     * {@link #TEMPORARY_GRACE} (every one of them when {@code allTemporaryFiles}: only when nobody is writing).
     */
    @Override
    public VerifyReport verify(HashAlgorithm algorithm, boolean allTemporaryFiles) {
        Instant staleBefore = allTemporaryFiles ? Instant.MAX : Instant.now().minus(TEMPORARY_GRACE);
        VerifyReport report = VerifyReport.check(contents(), algorithm,
                entry -> Optional.ofNullable(storedFile(entry.key())).map(Value::of), entry -> delete(entry.key()));
        try (Stream<Path> staged = Files.list(tmp); Stream<Path> parts = Files.list(root)) {
            long removed = Stream.concat(staged, parts.filter(DiskLocation::isConfigPart))
                    .filter(file -> olderThan(file, staleBefore))
                    .filter(DiskLocation::deleteStale).count();
            return report.withRemovedTemporaryFiles(removed);
        } catch (IOException e) {
            throw new LocationException("Could not clear the temporary files of the disk lake at " + root + ": " + e, e);
        }
    }

    private static boolean isConfigPart(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(DiskConfig.FILE_NAME + ".") && name.endsWith(".part");
    }

    private static boolean olderThan(Path file, Instant limit) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(limit);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    private static boolean deleteStale(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LocationException("Could not delete the stale temporary file " + file + ": " + e, e);
        }
    }

    private void touchUsage(Key key) {
        if (!config.keepsUsage()) {
            return;
        }
        Path mark = usageMark(key);
        try {
            try {
                Files.setLastModifiedTime(mark, java.nio.file.attribute.FileTime.from(Instant.now()));
            } catch (NoSuchFileException e) {
                createOpenFolders(mark.getParent());
                Files.newOutputStream(mark, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
                Files.setPosixFilePermissions(mark, EnumSet.allOf(PosixFilePermission.class));
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new LocationException("Cannot update the usage mark of key " + key.hex() + " at " + mark + ": " + e, e);
        }
    }

    private void updateLabels(Key key, Set<String> labels) throws IOException {
        if (labels == null || labels.isEmpty() || !config.keepsLabels()) {
            return;
        }
        Path file = labelsFile(key);
        boolean missing = !Files.exists(file);
        Set<String> all = new java.util.TreeSet<>(labels);
        if (!missing) {
            all.addAll(JsonLabels.parse(Files.readString(file), file));
        } else {
            createOpenFolders(file.getParent());
        }
        Files.writeString(file, JsonLabels.format(all), StandardCharsets.UTF_8);
        if (missing && folderMode != null) {
            Files.setPosixFilePermissions(file, EnumSet.allOf(PosixFilePermission.class));
        }
    }

    /** tarn keeps usage marks and labels at levels [1, rest] under tools/, in world-writable folders. */
    private Path usageMark(Key key) {
        return usageRoot.resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
    }

    private Path labelsFile(Key key) {
        return labelsRoot.resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2) + ".json");
    }

    private void createFolders(Path folder) throws IOException {
        createFolders(folder, folderMode);
    }

    private void createOpenFolders(Path folder) throws IOException {
        createFolders(folder, folderMode == null ? null : EnumSet.allOf(PosixFilePermission.class));
    }

    /** mkdir -p, giving every new folder the mode and group of the root, as tarn does. */
    private void createFolders(Path folder, Set<PosixFilePermission> mode) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        createFolders(folder.getParent(), mode);
        try {
            Files.createDirectory(folder);
        } catch (FileAlreadyExistsException e) {
            return;
        }
        if (mode != null) {
            Files.setPosixFilePermissions(folder, mode);
            PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
            if (!view.readAttributes().group().equals(group)) {
                view.setGroup(group);
            }
        }
    }

    private void setGroupIfNeeded(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (chownFiles == null) {
            chownFiles = !view.readAttributes().group().equals(group);
        }
        if (chownFiles) {
            view.setGroup(group);
        }
    }

    private static String randomSuffix() {
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

    @Override
    public void close() {
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
        return io.tarn.location.LocationSpec.quote("disk:" + root);
    }
}
