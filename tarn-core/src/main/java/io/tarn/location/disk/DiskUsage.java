package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.location.Evictable;
import io.tarn.location.Occupancy;

/**
 * A disk lake's side of eviction and gc: its values with their sizes and last uses, and a delete that keeps a value
 * used since a given instant. The last use is the key's usage mark in {@code tools/usage/} (Python tarn's
 * {@code StatUsage}: an empty file whose modification time is the last use, so Python readers' touches count), else,
 * for a value never marked, the modification time of its file (when it was stored). The check before a delete is made
 * under the lock the lake's writers take, once no process uses the key ({@link DiskLocation#removeUnused}), and every
 * read, write (also of a key already stored) and touch marks the key before it returns: so a value used after a
 * batch or gc started is kept.
 */
final class DiskUsage implements Evictable {
    private final DiskLocation disk;
    private final Tools tools;

    DiskUsage(DiskLocation disk, Tools tools) {
        this.disk = disk;
        this.tools = tools;
    }

    @Override
    public Stream<Stored> stored() {
        KeyWalk walk = disk.sortedWalk(null);
        return walk.entries().filter(KeyWalk.Found::value).flatMap(found -> {
            Optional<BasicFileAttributes> file = attributes(found.stored());
            return file.stream().map(attributes -> {
                Optional<Instant> mark = tools.lastUsed(found.key());
                return new Stored(found.key(), attributes.size(),
                        mark.orElseGet(() -> attributes.lastModifiedTime().toInstant()), mark.isPresent());
            });
        });
    }

    /** The value's file and usage mark, looked at now: a few stats, no walk. */
    @Override
    public Optional<Stored> stored(Key key) {
        Value value = disk.storedValue(key);
        if (value == null || value.size() < 0) {
            return Optional.empty(); // missing, or not a regular file (foreign: never listed, never evicted)
        }
        Optional<Instant> mark = tools.lastUsed(key);
        if (mark.isPresent()) {
            return Optional.of(new Stored(key, value.size(), mark.get(), true));
        }
        return value.file().flatMap(DiskUsage::attributes)
                .map(attributes -> new Stored(key, attributes.size(), attributes.lastModifiedTime().toInstant(), false));
    }

    @Override
    public boolean deleteUnusedSince(Key key, Instant since) {
        return deleteUnusedSince(key, since, Optional::empty);
    }

    /** The other locations' marks are read once the key is held alone here, with this lake's own. */
    @Override
    public boolean deleteUnusedSince(Key key, Instant since, Supplier<Optional<Instant>> usedElsewhere) {
        return disk.removeUnused(key, existing -> attributes(existing)
                .map(attributes -> !lastUsed(key, attributes).isBefore(since)
                                   || usedElsewhere.get().filter(used -> !used.isBefore(since)).isPresent())
                .orElse(true));
    }

    /**
     * The copy is held alone (no process reads, writes or touches it here) from the check of its marks until it is
     * deleted, and the original is removed within that time: a use of the copy waits for both removals, then finds
     * neither.
     */
    @Override
    public boolean deleteCopyUnusedSince(Key key, Instant since, Supplier<Optional<Instant>> usedElsewhere,
                                         BooleanSupplier removeOriginal) {
        return disk.removeUnused(key, existing -> attributes(existing)
                .map(attributes -> !lastUsed(key, attributes).isBefore(since)
                                   || usedElsewhere.get().filter(used -> !used.isBefore(since)).isPresent()
                                   || !removeOriginal.getAsBoolean())
                .orElse(true));
    }

    @Override
    public void keepUsage() {
        tools.keepUsage();
    }

    /** Shared by the processes of this machine that evict from the lake: {@code tools/occupancy} ({@link OccupancyFile}). */
    @Override
    public Occupancy occupancy() {
        return disk.occupancy();
    }

    private Instant lastUsed(Key key, BasicFileAttributes file) {
        return tools.lastUsed(key).orElseGet(() -> file.lastModifiedTime().toInstant());
    }

    /** The file's attributes, not following links; empty when it vanished (or cannot be read: it is not listed). */
    private static Optional<BasicFileAttributes> attributes(Path file) {
        try {
            return Optional.of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "usage of " + disk;
    }
}
