package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.format.KeyLayout;
import io.tarn.format.LakeFormat;
import io.tarn.location.disk.NoFollow.Kind;

/**
 * A lazy walk over the folders of a disk lake where values live, one open folder per level at a time (constant
 * memory, whatever the number of values). It looks at every entry without following links, so a link is reported as
 * a link, never walked into; an entry or folder that vanishes while it is walked (a concurrent verify, delete or
 * writer) is skipped and counted, never an error. Names that the key layout does not make ({@code config.yml},
 * {@code .tmp}, {@code tools}, stray files) are left alone.
 * <p>
 * A sorted walk ({@link #sorted}) gives the entries in ascending key order, each folder's names read and sorted
 * before it is walked (memory bounded by the largest folder, not by the lake), and can start after a given key
 * without looking at the folders before it: that order is what paging through a listing and resuming a scan need.
 */
final class KeyWalk {
    /**
     * One entry at a place of the layout: a value file, a value in tarn's legacy layout (a folder holding
     * {@code data}), or a foreign entry (a link, a special file, a folder where a value belongs or a file where a
     * folder belongs).
     *
     * @param key the key its path spells, null for a foreign entry above the last level
     */
    record Found(Path path, Kind kind, Key key, boolean legacy) {
        boolean value() {
            return key != null && (kind == Kind.FILE || legacy);
        }

        /** The file that holds the value. */
        Path stored() {
            return legacy ? path.resolve(LakeFormat.LEGACY_VALUE) : path;
        }
    }

    private final Path root;
    private final KeyLayout layout;
    private final HashAlgorithm algorithm;
    private final int[] widths;
    private final AtomicLong vanished = new AtomicLong();
    /** Whether folders are walked in name order. */
    private final boolean sorted;
    /** The path parts of the key a sorted walk starts after, or null to start at the first key. */
    private final String[] after;

    KeyWalk(Path root, KeyLayout layout, HashAlgorithm algorithm) {
        this(root, layout, algorithm, false, null);
    }

    private KeyWalk(Path root, KeyLayout layout, HashAlgorithm algorithm, boolean sorted, Key after) {
        this.root = root;
        this.layout = layout;
        this.algorithm = algorithm;
        this.widths = layout.widths(algorithm);
        this.sorted = sorted;
        this.after = after == null ? null : layout.relative(after).split("/");
    }

    /** A walk in ascending key order that starts after {@code after} (exclusive), or at the first key when null. */
    static KeyWalk sorted(Path root, KeyLayout layout, HashAlgorithm algorithm, Key after) {
        return new KeyWalk(root, layout, algorithm, true, after);
    }

    /** Entries that vanished under the walk so far. */
    long vanished() {
        return vanished.get();
    }

    /** Every value and foreign entry, lazily; close the stream. */
    Stream<Found> entries() {
        Walker walker = new Walker();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walker, Spliterator.NONNULL), false)
                .onClose(walker::close);
    }

    /**
     * One open folder of the walk.
     *
     * @param stream the open folder, null once its names were read for a sorted walk
     * @param bound whether the folder lies on the path of the key a sorted walk starts after
     */
    private record Level(DirectoryStream<Path> stream, Iterator<Path> entries, String relative, int depth,
                         boolean bound) {
    }

    private final class Walker implements Iterator<Found> {
        private final Deque<Level> open = new ArrayDeque<>();
        private Found next;

        Walker() {
            enter(root, "", 0, after != null);
        }

        @Override
        public boolean hasNext() {
            while (next == null && !open.isEmpty()) {
                Level level = open.peek();
                Path entry;
                try {
                    if (!level.entries().hasNext()) {
                        close(open.pop());
                        continue;
                    }
                    entry = level.entries().next();
                } catch (DirectoryIteratorException e) {
                    throw failed(e.getCause());
                }
                next = look(entry, level);
            }
            return next != null;
        }

        @Override
        public Found next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Found found = next;
            next = null;
            return found;
        }

        /** What the entry is, or null for a name the layout does not make or an entry that vanished. */
        private Found look(Path entry, Level level) {
            String name = entry.getFileName().toString();
            if (name.length() != widths[level.depth()] || !KeyLayout.isHex(name)) {
                return null;
            }
            boolean bound = false;
            if (level.bound()) {
                int order = name.compareTo(after[level.depth()]);
                if (order < 0 || order == 0 && level.depth() == widths.length - 1) {
                    return null; // at or before the key the walk starts after
                }
                bound = order == 0;
            }
            String relative = level.relative().isEmpty() ? name : level.relative() + "/" + name;
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                vanished.incrementAndGet();
                return null;
            } catch (IOException e) {
                throw failed(e);
            }
            Kind kind = NoFollow.kind(attributes);
            boolean last = level.depth() == widths.length - 1;
            if (!last) {
                if (kind == Kind.FOLDER) {
                    enter(entry, relative, level.depth() + 1, bound);
                    return null;
                }
                return new Found(entry, kind, null, false);
            }
            Key key = layout.parse(relative, algorithm).orElse(null);
            boolean legacy = kind == Kind.FOLDER && NoFollow.kind(entry.resolve(LakeFormat.LEGACY_VALUE)) == Kind.FILE;
            return new Found(entry, kind, key, legacy);
        }

        private void enter(Path folder, String relative, int depth, boolean bound) {
            try {
                DirectoryStream<Path> stream = Files.newDirectoryStream(folder);
                if (!sorted) {
                    open.push(new Level(stream, stream.iterator(), relative, depth, false));
                    return;
                }
                List<Path> names = new ArrayList<>();
                try (stream) {
                    stream.forEach(names::add);
                } catch (DirectoryIteratorException e) {
                    throw e.getCause();
                }
                names.sort(null);
                open.push(new Level(null, names.iterator(), relative, depth, bound));
            } catch (NoSuchFileException e) {
                if (depth > 0) {
                    vanished.incrementAndGet();
                }
            } catch (IOException e) {
                throw failed(e);
            }
        }

        void close() {
            while (!open.isEmpty()) {
                close(open.pop());
            }
        }

        private void close(Level level) {
            if (level.stream() == null) {
                return;
            }
            try {
                level.stream().close();
            } catch (IOException e) {
                throw new LocationException("Cannot list the disk lake at " + root + ": " + e, e);
            }
        }

        private LocationException failed(IOException e) {
            close();
            return new LocationException("Cannot list the disk lake at " + root + ": " + e, e);
        }
    }
}
