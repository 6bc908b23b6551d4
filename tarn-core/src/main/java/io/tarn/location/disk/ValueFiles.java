package io.tarn.location.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.Value;
import io.tarn.format.LakeFormat;
import io.tarn.location.disk.NoFollow.Kind;

/**
 * Where a disk lake keeps a key's value: the file at the key's path, or in tarn's legacy layout the file
 * {@value LakeFormat#LEGACY_VALUE} in a folder at that path; a link, a special file or a
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
     * The regular file holding the key's value, or null: one look that does not follow links, hit or miss (its
     * folders looked at once per process; tarn's legacy layout, a folder, takes more). Measured on tmpfs, 1,000 paths
     * 50 times over in 8 rounds: a hit 1.4 µs against 3.0 for java.io's stat followed by that look, a miss 4.7 µs
     * against 4.6 for java.io's two stats (NIO throws on a miss under Java 17). A foreign entry is a miss, logged.
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
        BasicFileAttributes look = NoFollow.attributes(path);
        if (look == null) {
            return null;
        }
        if (!look.isDirectory()) {
            // the usual case in one look that does not follow links: a value file (anything else there is foreign)
            BasicFileAttributes file = folders.attributesInside(path, look, true);
            return file == null ? null : Value.of(path, file.isRegularFile() ? file.size() : -1);
        }
        // tarn's legacy layout: a folder (the look says it is no link) holding the value as data
        if (folders.attributesInside(path, look, false) == null) {
            return null;
        }
        Path data = path.resolve(LakeFormat.LEGACY_VALUE);
        BasicFileAttributes file = folders.attributesInside(data, false);
        return file == null || file.isDirectory() ? null : Value.of(data, file.isRegularFile() ? file.size() : -1);
    }

    /**
     * The bytes of the key's value file at once, in four system calls where {@link #storedValue} and reading the value
     * take six: the file looked at without following links (a link, a special file or an entry below a foreign folder
     * is a miss, told as {@link #storedValue} tells it), opened without following links (so not through a link put
     * there since the look), read in one call of the size the look gave (a stored file never changes), closed. A miss
     * costs more than {@link #storedValue}'s (the JDK throws inside its look), so this is for reads that mostly find
     * the value.
     *
     * @return the bytes; empty when the key is not here; null when this way does not tell (tarn's legacy layout, a
     * value over {@link #WHOLE_MAX} bytes, a file changed or gone strange since the look): read it as {@link #storedValue} does
     */
    Optional<byte[]> wholeFile(Key key) {
        if (folders == null) {
            return Optional.empty(); // the root could not be read
        }
        Path path = pathOf(key);
        BasicFileAttributes look = folders.attributesInside(path, true);
        if (look == null) {
            return Optional.empty();
        }
        if (!look.isRegularFile() || look.size() > WHOLE_MAX) {
            return null;
        }
        byte[] bytes = new byte[(int) look.size()];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (SeekableByteChannel in = Files.newByteChannel(path, READ_NO_FOLLOW)) {
            while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                // the first read takes it all, unless the file is large
            }
        } catch (NoSuchFileException e) {
            return Optional.empty(); // removed since the look
        } catch (IOException e) {
            return null; // replaced by a link or worse since the look: read's way tells what it is
        }
        return buffer.hasRemaining() ? null : Optional.of(bytes);
    }

    /** The largest value {@link #wholeFile} reads; larger ones go the way of {@link #storedValue}. */
    static final int WHOLE_MAX = 1 << 24;
    private static final Set<OpenOption> READ_NO_FOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

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
