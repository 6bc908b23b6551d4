package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LakeNotFoundException;
import io.tarn.Value;
import io.tarn.format.DiskConfig;
import io.tarn.location.Changes;
import io.tarn.location.Entry;
import io.tarn.location.Evictable;
import io.tarn.location.Location;
import io.tarn.location.Locker;
import io.tarn.location.OrderedKeys;
import io.tarn.location.SpecText;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;

/**
 * The disk lake of a folder that holds none yet, which only a write creates: every other operation (read, contains,
 * delete, touch, listing, verify, gc) fails with a {@link LakeNotFoundException} naming the folder and leaves nothing
 * behind. The first write creates the lake as {@link DiskLocation#open(Path)} does (one config.yml, written
 * atomically, the first of concurrent creators in any process winning); a lake another process creates meanwhile is
 * opened by the next operation. From then on everything goes to that {@link DiskLocation}.
 * <p>
 * A folder holds a lake when it has a config.yml, or, without one, a {@code .tmp} or {@code tools} folder or a
 * folder named in hex where values live (a lake copied without its config.yml still opens, as Python tarn's does).
 */
public final class LazyDiskLocation implements Location {
    private final Path root;
    private volatile DiskLocation disk;

    private LazyDiskLocation(Path root) {
        this.root = root;
    }

    /**
     * The lake in {@code root}: opened now when the folder holds one (as {@link DiskLocation#open(Path)}), else a
     * location that its first write creates.
     */
    public static Location of(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        return holdsLake(absolute) ? DiskLocation.open(absolute) : new LazyDiskLocation(absolute);
    }

    /** The lake's folder, absolute. */
    public Path root() {
        return root;
    }

    /** The lake, when it exists now (opened on the first call that finds it); never creates it. */
    public Optional<DiskLocation> existing() {
        DiskLocation opened = disk;
        if (opened != null) {
            return Optional.of(opened);
        }
        return holdsLake(root) ? Optional.of(open()) : Optional.empty();
    }

    /** The lake, created when there is none: for writers. */
    public DiskLocation create() {
        DiskLocation opened = disk;
        return opened != null ? opened : open();
    }

    /** The lake, when it exists now. @throws LakeNotFoundException if there is none */
    public DiskLocation existingOrFail() {
        return existing().orElseThrow(() -> new LakeNotFoundException(root));
    }

    private synchronized DiskLocation open() {
        if (disk == null) {
            disk = DiskLocation.open(root);
        }
        return disk;
    }

    /** Whether the folder holds a lake: a config.yml (even a broken one: opening it says what is wrong), or lake folders. */
    static boolean holdsLake(Path folder) {
        if (Files.exists(folder.resolve(DiskConfig.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals(".tmp") || name.equals("tools") || name.matches("[0-9a-f]+")) {
                    return true;
                }
            }
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // a file where the folder belongs, a folder this user cannot list: opening it says what is wrong, as before
            return true;
        }
    }

    @Override
    public Optional<Value> read(Key key) {
        return existingOrFail().read(key);
    }

    @Override
    public Optional<byte[]> readWhole(Key key) {
        return existingOrFail().readWhole(key);
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        return create().write(key, value, labels);
    }

    @Override
    public boolean delete(Key key) {
        return existingOrFail().delete(key);
    }

    @Override
    public boolean deleteCorrupt(Key key, HashAlgorithm algorithm) {
        return existingOrFail().deleteCorrupt(key, algorithm);
    }

    @Override
    public Optional<OrderedKeys> orderedKeys() {
        return Optional.of(after -> existingOrFail().keys(after));
    }

    /** The lake's change feed; while there is no lake, one that gives nothing until a writer creates it. */
    @Override
    public Optional<Changes> changes() {
        return Optional.of((position, period, retention) -> existing()
                .map(disk -> disk.follow(position, period, retention))
                .orElseGet(() -> new AwaitedFeed(this, position, period, retention)));
    }

    /** The companion of the lake, created now when {@code create} (else it must exist). */
    @Override
    public Optional<Location> companion(String tool, boolean create) {
        return (create ? create() : existingOrFail()).companion(tool, create);
    }

    /** The file of the lake, when it exists (while there is none, no value has a file). */
    @Override
    public Optional<Path> localFile(Key key) {
        return existing().flatMap(disk -> disk.localFile(key));
    }

    /** The lake's, when it exists (a new lake records uses). */
    @Override
    public Optional<String> howToRecordUse() {
        return existing().flatMap(DiskLocation::howToRecordUse);
    }

    @Override
    public boolean touch(Key key) {
        return existingOrFail().touch(key);
    }

    @Override
    public Stream<Entry> contents() {
        return existingOrFail().contents();
    }

    @Override
    public boolean contains(Key key) {
        return existingOrFail().contains(key);
    }

    @Override
    public Set<String> labels(Key key) {
        return existingOrFail().labels(key);
    }

    /** The lake's answer once it exists; before, that of the lake a write creates ({@link DiskConfig#forNewLake()}). */
    @Override
    public boolean keepsLabels() {
        return existing().map(DiskLocation::keepsLabels).orElseGet(() -> DiskConfig.forNewLake().keepsLabels());
    }

    /** Whether a new lake would record uses, while there is none (it would: {@link DiskConfig#forNewLake()}). */
    @Override
    public boolean recordsUse() {
        return existing().map(DiskLocation::recordsUse).orElse(DiskConfig.forNewLake().keepsUsage());
    }

    @Override
    public Optional<Instant> lastUsed(Key key) {
        return existingOrFail().lastUsed(key);
    }

    @Override
    public Optional<Evictable> evictable() {
        return existingOrFail().evictable();
    }

    /** The lake's algorithm; none (SHA-256, as a new lake's) while there is no lake. */
    @Override
    public Optional<HashAlgorithm> algorithm() {
        return existing().flatMap(DiskLocation::algorithm);
    }

    @Override
    public Optional<Locker> locker() {
        return existing().flatMap(DiskLocation::locker);
    }

    @Override
    public VerifyReport verify(HashAlgorithm algorithm, VerifyOptions options) {
        return existingOrFail().verify(algorithm, options);
    }

    /** The lake's {@code .tmp/}: a large value written is staged there, which the write then creates the lake around. */
    @Override
    public List<Path> spoolFolders() {
        return existing().map(DiskLocation::spoolFolders).orElse(List.of(root.resolve(".tmp")));
    }

    @Override
    public void close() {
        DiskLocation opened = disk;
        if (opened != null) {
            opened.close();
        }
    }

    /** Its spec text, as it prints and unquoted, and its folder. */
    @Override
    public Set<String> names() {
        return Set.copyOf(List.of(toString(), SpecText.unquote(toString()), root.toString()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LazyDiskLocation other && other.root.equals(root);
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
