package io.tarn.location.disk;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.Value;
import io.tarn.location.disk.NoFollow.Kind;

/**
 * Where a disk lake keeps a key's value: the file at the key's path, or in tarn's legacy layout the file
 * {@value LakeFormat#LEGACY_VALUE} in a folder at that path ({@link LakeFormat#find}); a link, a special file or a
 * folder without a value there is foreign, never read nor written through.
 */
final class ValueFiles {
    private final Path root;
    private final LakeFormat format;
    /** null when the root could not be read: then nothing is found. */
    private final LakeFolders folders;

    ValueFiles(Path root, LakeFormat format, LakeFolders folders) {
        this.root = root;
        this.format = format;
        this.folders = folders;
    }

    /** The file that holds (or would hold) the key. */
    Path pathOf(Key key) {
        return root.resolve(format.relative(key, root));
    }

    /**
     * The regular file holding the key's value, or null: one stat for a miss, with java.io's stat (NIO's throws on
     * every miss under Java 17); a hit is looked at once more without following links, and its folders once per
     * process. A foreign entry is a miss, logged.
     */
    Path stored(Key key) {
        Value value = storedValue(key);
        return value == null ? null : value.file().orElseThrow();
    }

    /** {@link #stored(Key)} as a value that knows its size from the look without following links: or null. */
    Value storedValue(Key key) {
        if (folders == null) {
            return null; // the root could not be read
        }
        Path path = pathOf(key);
        LakeFormat.Found<Path, Boolean> found = LakeFormat.find(path, ValueFiles::stat, folder -> folder, Path::resolve)
                .orElse(null);
        if (found == null || found.legacy() && !folders.inside(path, false)) {
            return null;
        }
        BasicFileAttributes file = folders.attributesInside(found.path(), !found.legacy());
        return file == null ? null : Value.of(found.path(), file.isRegularFile() ? file.size() : -1);
    }

    /**
     * Whether a path holds a folder (true) or a file (false), following links; empty when it holds neither (missing,
     * or a link to nothing, which verify reports).
     */
    private static Optional<Boolean> stat(Path path) {
        File file = path.toFile();
        if (file.isFile()) {
            return Optional.of(false);
        }
        return file.isDirectory() ? Optional.of(true) : Optional.empty();
    }

    /**
     * The file holding the value at a path where something already stands: the value itself, or {@code data} in
     * tarn's legacy layout.
     *
     * @throws LocationException if what stands there is foreign (a link, a special file, a folder without a value)
     */
    Path existing(Key key, Path file) {
        Kind kind = NoFollow.kind(file);
        Path legacy = file.resolve(LakeFormat.LEGACY_VALUE);
        if (kind == Kind.FOLDER && NoFollow.kind(legacy) == Kind.FILE && folders.trusted(file, false)) {
            return legacy;
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
}
