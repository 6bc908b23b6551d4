package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.tarn.LocationException;
import io.tarn.location.VerifyOptions;
import io.tarn.location.disk.NoFollow.Kind;

/**
 * The temporary files of a disk lake: files in {@code .tmp/} (values and labels being written, umask probes) and
 * {@code config.yml.*.part} files in the root, each named with a random suffix. A crash leaves them behind;
 * {@link #sweep} removes those older than the grace a running write may need, and tells of foreign entries among them.
 */
final class TemporaryFiles {
    private final Path root;
    private final Path tmp;

    TemporaryFiles(Path root, Path tmp) {
        this.root = root;
        this.tmp = tmp;
    }

    /** Eight random letters, which make a temporary file's name unique among concurrent writers. */
    static String suffix() {
        char[] chars = new char[8];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    /** A new name in {@code .tmp/} starting with {@code prefix}. */
    Path next(String prefix) {
        return tmp.resolve(prefix + suffix());
    }

    /**
     * Removes a temporary file: one unlink through java.io (NIO's delete stats the path first); NIO again only when
     * that fails, to say why.
     */
    static void delete(Path part) throws IOException {
        if (!part.toFile().delete()) {
            Files.deleteIfExists(part);
        }
    }

    /** What a sweep did: temporary files removed, entries that vanished under it. */
    record Swept(long removed, long vanished) {
    }

    /**
     * Removes the temporary files older than {@code grace} (all with {@link VerifyOptions#allTemporaryFiles()}; none
     * when only reporting), and adds the foreign entries met (a {@code .tmp} that is no folder, links and special files
     * among temporary files) to {@code foreign}.
     */
    Swept sweep(Duration grace, VerifyOptions how, List<String> foreign) {
        long removed = 0;
        long vanished = 0;
        Instant staleBefore = how.allTemporaryFiles() ? Instant.MAX : Instant.now().minus(grace);
        Kind tmpKind = NoFollow.kind(tmp);
        if (tmpKind != Kind.FOLDER && tmpKind != Kind.MISSING) {
            foreign.add(foreignEntry(tmp, tmpKind, how));
        }
        List<Path> temporary = new ArrayList<>(tmpKind == Kind.FOLDER ? list(tmp, name -> true) : List.of());
        temporary.addAll(list(root, ConfigFile::isPart));
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
        return new Swept(removed, vanished);
    }

    /** Describes a foreign entry for the report, removing it first when asked to (never following a link). */
    static String foreignEntry(Path path, Kind kind, VerifyOptions how) {
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

    private static boolean deleteStale(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LocationException("Could not delete the stale temporary file " + file + ": " + Refusal.reason(e), e);
        }
    }
}
