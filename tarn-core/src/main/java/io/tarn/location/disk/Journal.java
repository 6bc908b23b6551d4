package io.tarn.location.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

import io.tarn.HashAlgorithm;
import io.tarn.InvalidKeyException;
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
 */
final class Journal {
    /** The journal's folder below the lake root. */
    static final String FOLDER = "tools/journal";
    /** A segment that reached this size gets a successor. */
    static final long SEGMENT_BYTES = 4L << 20;
    private static final String SUFFIX = ".log";
    private static final long LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PRESENCE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** One lock channel per journal folder per JVM: the OS lock belongs to the process, a JVM may not take it twice. */
    private static final Map<Path, Appender> APPENDERS = new ConcurrentHashMap<>();

    /** A place in the journal: a segment and a byte offset in it; ordered. */
    record Position(long segment, long offset) implements Comparable<Position> {
        static final Position START = new Position(1, 0);

        @Override
        public int compareTo(Position o) {
            return segment != o.segment ? Long.compare(segment, o.segment) : Long.compare(offset, o.offset);
        }
    }

    /**
     * One line of the journal.
     *
     * @param millis when the writer appended it (its own clock)
     * @param next the position just after the line
     */
    record Line(Key key, long millis, Position next) {
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
                Appender gone = APPENDERS.remove(folder);
                if (gone != null) {
                    gone.close();
                }
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
            Appender appender = APPENDERS.computeIfAbsent(folder, Appender::new);
            if (appender.append(line(key, System.currentTimeMillis()))) {
                failures.worked();
            } else {
                failures.failed(folder.toString(), "its lock was held for over a second; the full scan finds the value");
            }
        } catch (IOException | RuntimeException e) {
            failures.failed(folder.toString(), e);
        }
    }

    static byte[] line(Key key, long millis) {
        String text = millis + " " + key.hex();
        CRC32C crc = new CRC32C();
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        crc.update(bytes);
        // "%08x" without a Formatter (a line is made for every value written)
        String hex = Long.toHexString(crc.getValue());
        return (text + " " + "0".repeat(8 - hex.length()) + hex + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The key and time of a line, or null when it does not check (torn by a crash, or not ours). */
    private Line parse(String text, Position next) {
        int last = text.lastIndexOf(' ');
        int first = text.indexOf(' ');
        if (first <= 0 || last <= first || text.length() - last != 9) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(text.substring(0, last).getBytes(StandardCharsets.US_ASCII));
        if (!String.format("%08x", crc.getValue()).equals(text.substring(last + 1))) {
            return null;
        }
        try {
            return new Line(algorithm.parseKey(text.substring(first + 1, last)), Long.parseLong(text.substring(0, first)),
                    next);
        } catch (InvalidKeyException | NumberFormatException e) {
            return null;
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

    /** Reads lines from a position on; see {@link Reader#next()}. */
    Reader reader(Position from) {
        return new Reader(from);
    }

    /**
     * Reads the journal from a position on, segment after segment, one whole line at a time; a partial last line is
     * left for later (its writer may be writing it), unless a later segment exists (then it is torn).
     */
    final class Reader implements AutoCloseable {
        private Position position;
        private FileChannel in;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        /** Bytes of the current line read so far. */
        private final StringBuilder partial = new StringBuilder();
        private boolean gap;

        private Reader(Position from) {
            this.position = from;
        }

        /** Where the reader stands: after the last whole line it gave or skipped. */
        Position position() {
            return position;
        }

        /** Whether lines were lost under the reader: its segment was deleted (compacted) before it was read to its end. */
        boolean gap() {
            return gap;
        }

        /** The next line that checks, or null when there is none yet. */
        Line next() throws IOException {
            while (true) {
                if (in == null && !open()) {
                    return null;
                }
                Line line = readLine();
                if (line != null) {
                    return line;
                }
                // at the end of what is written to this segment: go on to the next one only if there is one
                boolean later = Files.exists(segment(position.segment() + 1), LinkOption.NOFOLLOW_LINKS);
                Line last = later ? readLine() : null; // appended before the next segment was made
                if (last != null) {
                    return last;
                }
                if (!later) {
                    return null;
                }
                close();
                position = new Position(position.segment() + 1, 0);
                partial.setLength(0);
            }
        }

        private boolean open() throws IOException {
            Path file = segment(position.segment());
            try {
                in = FileChannel.open(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                buffer.clear().flip();
                in.position(position.offset());
                return true;
            } catch (NoSuchFileException e) {
                List<Long> numbers = segments();
                long later = numbers.stream().filter(n -> n > position.segment()).findFirst().orElse(-1L);
                if (later < 0) {
                    return false; // not made yet
                }
                // compacted before this reader read it to its end
                gap = true;
                position = new Position(later, 0);
                partial.setLength(0);
                return open();
            }
        }

        /** The next whole line that checks, skipping those that do not; null at the end of what is written. */
        private Line readLine() throws IOException {
            while (true) {
                if (!buffer.hasRemaining()) {
                    buffer.clear();
                    int read = in.read(buffer);
                    buffer.flip();
                    if (read <= 0) {
                        return null;
                    }
                }
                while (buffer.hasRemaining()) {
                    char c = (char) (buffer.get() & 0xff);
                    if (c != '\n') {
                        partial.append(c);
                        continue;
                    }
                    long offset = in.position() - buffer.remaining();
                    Position next = new Position(position.segment(), offset);
                    String text = partial.toString();
                    partial.setLength(0);
                    position = next;
                    Line line = parse(text, next);
                    if (line != null) {
                        return line;
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
                in = null;
            }
        }
    }

    /** Appends lines to one journal folder for this JVM: a JVM lock, then the folder's file lock. */
    private final class Appender {
        private final ReentrantLock local = new ReentrantLock();
        private FileChannel lock;
        private long current = -1;
        private java.io.File currentFile;
        private java.io.File nextFile;
        private FileChannel out;

        Appender(Path folder) {
            // one per folder: see APPENDERS
        }

        /** Appends one line; false when the lock could not be had within a second. */
        boolean append(byte[] line) throws IOException {
            long deadline = System.nanoTime() + LOCK_WAIT_NANOS;
            try {
                if (!local.tryLock(LOCK_WAIT_NANOS, TimeUnit.NANOSECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                FileLock held = lockFile(deadline);
                if (held == null) {
                    return false;
                }
                try {
                    FileChannel channel = newest();
                    // every appender holds the lock: the end cannot move under this write
                    long end = channel.size();
                    channel.write(ByteBuffer.wrap(line), end);
                    if (end + line.length >= segmentBytes) {
                        start(current + 1);
                    }
                    return true;
                } finally {
                    held.release();
                }
            } catch (IOException | RuntimeException e) {
                closeOut();
                throw e;
            } finally {
                local.unlock();
            }
        }

        private FileLock lockFile(long deadline) throws IOException {
            if (lock == null || !lock.isOpen()) {
                Path file = folder.resolve("lock");
                try {
                    folders.createToolFile(file).close();
                } catch (FileAlreadyExistsException e) {
                    // made by another writer
                }
                lock = FileChannel.open(file, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
            }
            while (true) {
                try {
                    FileLock held = lock.tryLock();
                    if (held != null) {
                        return held;
                    }
                } catch (OverlappingFileLockException e) {
                    // another channel of this JVM on the same file (a folder reached by two paths): wait for it
                }
                if (System.nanoTime() >= deadline) {
                    return null;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }

        /** The newest segment, open for appending (made when there is none); under the file lock. */
        private FileChannel newest() throws IOException {
            // java.io's stat, on paths made once per segment: NIO's Files.exists throws (and fills a stack trace) on
            // the miss every append meets; a link planted as the next segment is refused when it is opened
            if (out != null && !nextFile.exists() && currentFile.exists()) {
                return out;
            }
            closeOut();
            List<Long> numbers = segments();
            if (numbers.isEmpty()) {
                start(Position.START.segment());
            } else {
                open(numbers.get(numbers.size() - 1));
            }
            return out;
        }

        private void start(long number) throws IOException {
            try {
                folders.createToolFile(segment(number)).close();
            } catch (FileAlreadyExistsException e) {
                // made by another writer, which then let go of the lock
            }
            closeOut();
            open(number);
        }

        private void open(long number) throws IOException {
            out = FileChannel.open(segment(number), Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS));
            current = number;
            currentFile = segment(number).toFile();
            nextFile = segment(number + 1).toFile();
            // a line torn by a crash gets its end, so that the next line stands on its own
            long size = out.size();
            if (size > 0) {
                ByteBuffer last = ByteBuffer.allocate(1);
                out.read(last, size - 1);
                if (last.get(0) != '\n') {
                    out.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
                }
            }
        }

        void close() {
            local.lock();
            try {
                closeOut();
                if (lock != null) {
                    lock.close();
                }
            } catch (IOException e) {
                failures.failed(folder.toString(), e);
            } finally {
                local.unlock();
            }
        }

        private void closeOut() throws IOException {
            if (out != null) {
                FileChannel closing = out;
                out = null;
                closing.close();
            }
        }
    }

    /** Keys of the lines from {@code from} to the end, for a scan to tell values the journal hands on. */
    static Set<Key> keys(Reader reader, Set<Key> into) throws IOException {
        for (Line line = reader.next(); line != null; line = reader.next()) {
            into.add(line.key());
        }
        return into;
    }
}
