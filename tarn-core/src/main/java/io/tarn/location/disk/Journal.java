package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.location.FailureLog;
import io.tarn.location.disk.NoFollow.Kind;

/**
 * camel-tarn's change journal of a disk lake, in {@code tools/journal/} (a folder Python tarn never looks at): every
 * value a camel-tarn writer puts in place is appended as one short self-checking line to the newest segment file
 * ({@code 00000000000000000001.log}, ...), so that a consumer finds new values by reading on from its position
 * instead of walking the lake. It exists only once a consumer made the folder; writers look for it at most once a
 * second.
 * <p>
 * The journal is an accelerator, never the truth: a value missing from it (another writer, a write that could not
 * take the lock in time, a line torn by a crash) is found by the consumer's periodic full scan. So appending is best
 * effort, never fails or blocks a write for long, and a line that does not check is skipped.
 * <p>
 * Several processes append to one journal: an append is one {@code write} of a whole line under an exclusive lock of
 * {@code tools/journal/lock}, which also orders the start of a new segment; once segment n+1 exists nobody appends to
 * n, so a reader that saw n+1 before reading n to its end has all of n. Nothing is created or opened through a link
 * (see {@link LakeFolders}); files get the mode of tarn's tool files, never writable by others.
 * <p>
 * This class keeps the folder and its segment files; a line's format is {@link JournalLine}'s, reading
 * {@link JournalReader}'s and appending under the lock {@link JournalAppender}'s.
 */
final class Journal {
    /** The journal's folder below the lake root. */
    static final String FOLDER = "tools/journal";
    /** A segment that reached this size gets a successor. */
    static final long SEGMENT_BYTES = 4L << 20;
    private static final String SUFFIX = ".log";
    private static final long PRESENCE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A place in the journal: a segment and a byte offset in it; ordered. */
    record Position(long segment, long offset) implements Comparable<Position> {
        static final Position START = new Position(1, 0);

        @Override
        public int compareTo(Position o) {
            return segment != o.segment ? Long.compare(segment, o.segment) : Long.compare(offset, o.offset);
        }
    }

    private final Path folder;
    private final LakeFolders folders;
    private final HashAlgorithm algorithm;
    private final FailureLog failures;
    private final long segmentBytes;
    private volatile boolean present;
    private volatile long checkedAt;

    Journal(Path root, LakeFolders folders, HashAlgorithm algorithm, FailureLog failures) {
        this(root, folders, algorithm, failures, SEGMENT_BYTES);
    }

    /** @param segmentBytes the size past which an appender of this JVM (the first one made) starts a new segment */
    Journal(Path root, LakeFolders folders, HashAlgorithm algorithm, FailureLog failures, long segmentBytes) {
        this.segmentBytes = segmentBytes;
        this.folder = root.resolve(FOLDER);
        this.folders = folders;
        this.algorithm = algorithm;
        this.failures = failures;
        this.checkedAt = System.nanoTime() - PRESENCE_CHECK_NANOS;
    }

    Path folder() {
        return folder;
    }

    HashAlgorithm algorithm() {
        return algorithm;
    }

    /** Makes the journal folder (a consumer does, so that writers start appending). */
    void create() throws IOException {
        folders.ensure(folder);
        present = true;
        checkedAt = System.nanoTime();
    }

    /** Whether the journal folder is there, a real folder inside the lake. */
    boolean exists() {
        return NoFollow.kind(folder) == Kind.FOLDER && folders.trusted(folder, false);
    }

    private boolean presentNow() {
        long now = System.nanoTime();
        if (now - checkedAt >= PRESENCE_CHECK_NANOS) {
            boolean was = present;
            present = exists();
            checkedAt = now;
            if (was && !present) {
                // removed: a journal made again later starts with new files
                JournalAppender.forget(folder);
            }
        }
        return present;
    }

    /** Appends the key of a value this process just put in place; best effort (a failure is logged once an outage). */
    void append(Key key) {
        if (!presentNow()) {
            return;
        }
        try {
            JournalAppender appender = JournalAppender.of(this, folders, failures, segmentBytes);
            if (appender.append(JournalLine.bytes(key, System.currentTimeMillis()))) {
                failures.worked();
            } else {
                failures.failed(folder.toString(), "its lock was held for over a second; the full scan finds the value");
            }
        } catch (IOException | RuntimeException e) {
            failures.failed(folder.toString(), e);
        }
    }

    /** The segment numbers there are, ascending. */
    List<Long> segments() throws IOException {
        List<Long> numbers = new ArrayList<>();
        if (!exists()) {
            return numbers;
        }
        try (DirectoryStream<Path> names = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path name : names) {
                String text = name.getFileName().toString();
                try {
                    numbers.add(Long.parseLong(text.substring(0, text.length() - SUFFIX.length())));
                } catch (NumberFormatException e) {
                    // not a segment
                }
            }
        } catch (NoSuchFileException e) {
            return numbers;
        }
        numbers.sort(null);
        return numbers;
    }

    Path segment(long number) {
        return folder.resolve(String.format("%020d", number) + SUFFIX);
    }

    /** Where the next line will go: the end of the newest segment (the start when there is none). */
    Position end() throws IOException {
        List<Long> numbers = segments();
        if (numbers.isEmpty()) {
            return Position.START;
        }
        long newest = numbers.get(numbers.size() - 1);
        return new Position(newest, size(segment(newest)));
    }

    private static long size(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * Deletes the segments before {@code before} last appended to longer than {@code retention} ago; never the newest.
     *
     * @return how many were deleted
     */
    int compact(long before, Duration retention) throws IOException {
        List<Long> numbers = segments();
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        int deleted = 0;
        for (int i = 0; i < numbers.size() - 1; i++) {
            long number = numbers.get(i);
            Path file = segment(number);
            if (number < before && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() <= cutoff
                && Files.deleteIfExists(file)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Reads lines from a position on; see {@link JournalReader#next()}. */
    JournalReader reader(Position from) {
        return new JournalReader(this, from);
    }
}
