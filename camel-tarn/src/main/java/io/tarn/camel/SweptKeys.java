package io.tarn.camel;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.HashAlgorithm;
import io.tarn.InvalidKeyException;
import io.tarn.Key;
import io.tarn.LocationException;

/**
 * The durable position of a tarn consumer on a lake that lists its keys in order ({@link io.tarn.location.OrderedKeys}:
 * S3, a tree of disk lakes), in memory that does not grow with the lake. The consumer sweeps the lake in key order, a
 * poll going on from the key the one before stopped at (its cursor); a key is handed on when no earlier sweep handed
 * it on, which is asked of a sorted file of every key handed on by earlier sweeps, read alongside the listing (a merge
 * join: one line read per key listed). Two files:
 * <ul>
 * <li>{@code NAME} (the position file): the keys handed on in this sweep, one hex key a line, appended once each
 * exchange is done, so ascending. A torn last line (a crash while appending) is ignored.</li>
 * <li>{@code NAME.sorted}: every key handed on by the sweeps before, ascending, each once.</li>
 * </ul>
 * At the end of a sweep that handed something on, and when the consumer starts, the two are merged into a new
 * {@code NAME.sorted}, written beside it, synced and renamed over it, and only then is {@code NAME} emptied: a crash
 * at any point leaves every key handed on in one of the two. A position file written by an older camel-tarn (every key
 * handed on, in no order) is sorted once, in memory, when the consumer starts, and is then kept this way.
 */
final class SweptKeys implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SweptKeys.class);

    private final Path file;
    private final Path sorted;
    private final HashAlgorithm algorithm;
    private final FileChannel out;
    /** The last key this sweep looked at (handed on, or handed on before): the next poll lists after it. */
    private Key cursor;
    /** The keys of {@link #sorted} not yet passed by this sweep, or null until the sweep first asks. */
    private SortedReader before;

    SweptKeys(Path file, HashAlgorithm algorithm) {
        this.file = file;
        this.sorted = file.resolveSibling(file.getFileName() + ".sorted");
        this.algorithm = algorithm;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            merge();
        } catch (IOException e) {
            throw new LocationException("Cannot open the consumer position file " + file + ": " + e
                                        + "; check that its folder is writable, or give another positionFile", e);
        }
    }

    /** Where the next poll goes on from: the keys after this one (null: a new sweep, from the first key). */
    Key cursor() {
        return cursor;
    }

    /**
     * Whether an earlier sweep handed the key on. Asked of each key listed, in ascending order within a sweep; the key
     * becomes the cursor.
     */
    boolean handedOnBefore(Key key) {
        try {
            if (before == null) {
                before = new SortedReader(sorted, algorithm);
            }
            cursor = key;
            return before.skipTo(key);
        } catch (IOException e) {
            throw new LocationException("Cannot read the consumer position file " + sorted + ": " + e, e);
        }
    }

    /** Puts the cursor back (to a key before the last asked): the next poll lists after it again. */
    void rewind(Key to) {
        cursor = to;
        closeReader();
    }

    /** The key's exchange is done: recorded (made durable by {@link #sync}). */
    void handedOn(Key key) {
        try {
            ByteBuffer line = ByteBuffer.wrap((key.hex() + "\n").getBytes(StandardCharsets.US_ASCII));
            while (line.hasRemaining()) {
                out.write(line, out.size());
            }
        } catch (IOException e) {
            throw new LocationException("Cannot record key " + key.hex() + " in the consumer position file " + file
                                        + ": " + e, e);
        }
    }

    /**
     * The listing went past the last key: the next poll starts a new sweep from the first key, and what this sweep
     * handed on is merged into the sorted file first.
     */
    void sweepEnded() {
        cursor = null;
        closeReader();
        try {
            merge(); // nothing when this sweep handed nothing on
        } catch (IOException e) {
            throw new LocationException("Cannot merge the consumer position file " + file + " into " + sorted + ": "
                                        + e + "; the next poll tries again", e);
        }
    }

    /** Makes what was recorded survive a crash of the machine. */
    void sync() {
        try {
            out.force(false);
        } catch (IOException e) {
            throw new LocationException("Cannot sync the consumer position file " + file + ": " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        closeReader();
        out.close();
    }

    private void closeReader() {
        if (before != null) {
            before.close();
            before = null;
        }
    }

    /**
     * Merges the keys of {@link #file} into {@link #sorted}: written beside it, synced, renamed over it; then
     * {@link #file} is emptied. The file is one ascending run when this consumer wrote it; any other order (an older
     * camel-tarn's) is sorted in memory.
     */
    private void merge() throws IOException {
        if (out.size() == 0) {
            return;
        }
        Path next = sorted.resolveSibling(sorted.getFileName() + ".next");
        TreeSet<Key> unordered = ascending(file) ? null : readAll(file);
        if (unordered != null) {
            LOG.info("Sorting the consumer position file {} written by an older camel-tarn ({} keys), once", file,
                     unordered.size());
        }
        try (SortedReader a = new SortedReader(sorted, algorithm);
             CloseableIterator b = unordered == null ? new SortedReader(file, algorithm) : of(unordered.iterator());
             BufferedWriter w = Files.newBufferedWriter(next, StandardCharsets.US_ASCII)) {
            Key x = a.next();
            Key y = b.next();
            while (x != null || y != null) {
                int order = x == null ? 1 : y == null ? -1 : x.compareTo(y);
                Key least = order <= 0 ? x : y;
                w.write(least.hex());
                w.write('\n');
                if (order <= 0) {
                    x = a.next();
                }
                if (order >= 0) {
                    y = b.next();
                }
            }
        }
        try (FileChannel written = FileChannel.open(next, StandardOpenOption.WRITE)) {
            written.force(true);
        }
        Files.move(next, sorted, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(sorted.toAbsolutePath().getParent());
        out.truncate(0);
        out.force(true);
    }

    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not every file system lets a folder be synced; the rename is then as durable as it makes it
        }
    }

    private boolean ascending(Path path) throws IOException {
        try (SortedReader keys = new SortedReader(path, algorithm)) {
            Key last = null;
            for (Key key = keys.nextAsWritten(); key != null; key = keys.nextAsWritten()) {
                if (last != null && last.compareTo(key) >= 0) {
                    return false;
                }
                last = key;
            }
            return true;
        }
    }

    private TreeSet<Key> readAll(Path path) throws IOException {
        TreeSet<Key> keys = new TreeSet<>();
        try (SortedReader in = new SortedReader(path, algorithm)) {
            for (Key key = in.nextAsWritten(); key != null; key = in.nextAsWritten()) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Keys one after the other, null at the end. */
    private interface CloseableIterator extends Closeable {
        Key next() throws IOException;

        @Override
        void close();
    }

    private static CloseableIterator of(Iterator<Key> keys) {
        return new CloseableIterator() {
            @Override
            public Key next() {
                return keys.hasNext() ? keys.next() : null;
            }

            @Override
            public void close() {
            }
        };
    }

    /** The keys of a position file, a line each, lines that are no key (a torn line) passed over; none if no file. */
    private static final class SortedReader implements CloseableIterator {
        private final BufferedReader in;
        private final HashAlgorithm algorithm;
        private Key head;
        private boolean loaded;

        SortedReader(Path path, HashAlgorithm algorithm) throws IOException {
            this.algorithm = algorithm;
            this.in = Files.exists(path) ? Files.newBufferedReader(path, StandardCharsets.US_ASCII) : null;
        }

        Key nextAsWritten() throws IOException {
            if (in == null) {
                return null;
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                try {
                    return algorithm.parseKey(line.trim());
                } catch (InvalidKeyException e) {
                    // a line torn by a crash: that key was not acknowledged
                }
            }
            return null;
        }

        private Key peek() throws IOException {
            if (!loaded) {
                head = nextAsWritten();
                loaded = true;
            }
            return head;
        }

        /** The next key, repeats passed over (the file is ascending); null at the end. */
        @Override
        public Key next() throws IOException {
            Key key = peek();
            if (key != null) {
                Key after = nextAsWritten();
                while (after != null && after.equals(key)) {
                    after = nextAsWritten();
                }
                head = after;
            }
            return key;
        }

        /** Whether the file holds {@code key}, passing every key before it (keys asked in ascending order). */
        boolean skipTo(Key key) throws IOException {
            while (peek() != null && head.compareTo(key) < 0) {
                head = nextAsWritten();
            }
            return head != null && head.equals(key);
        }

        @Override
        public void close() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
