package io.tarn.location.disk;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.tarn.location.FailureLog;
import io.tarn.location.disk.Journal.Position;

/**
 * Appends lines to one change {@link Journal} folder for this JVM: a JVM lock, then the folder's OS file lock
 * ({@code tools/journal/lock}), held for one whole-line write and for starting a new segment.
 * <p>
 * There is one appender per journal folder per JVM ({@link #of}): the OS lock belongs to the process, and a JVM may not
 * take it twice.
 */
final class JournalAppender {
    private static final long LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Map<Path, JournalAppender> APPENDERS = new ConcurrentHashMap<>();

    private final Journal journal;
    private final Path folder;
    private final LakeFolders folders;
    private final FailureLog failures;
    private final long segmentBytes;
    private final ReentrantLock local = new ReentrantLock();
    private FileChannel lock;
    private long current = -1;
    private File currentFile;
    private File nextFile;
    private FileChannel out;

    private JournalAppender(Journal journal, LakeFolders folders, FailureLog failures, long segmentBytes) {
        this.journal = journal;
        this.folder = journal.folder();
        this.folders = folders;
        this.failures = failures;
        this.segmentBytes = segmentBytes;
    }

    /**
     * This JVM's appender of the journal's folder, made with the journal's settings when there is none.
     *
     * @param segmentBytes the size past which the appender starts a new segment (the first journal's holds)
     */
    static JournalAppender of(Journal journal, LakeFolders folders, FailureLog failures, long segmentBytes) {
        return APPENDERS.computeIfAbsent(journal.folder(), f -> new JournalAppender(journal, folders, failures,
                segmentBytes));
    }

    /** Closes this JVM's appender of a journal folder that was removed: a journal made again starts with new files. */
    static void forget(Path folder) {
        JournalAppender gone = APPENDERS.remove(folder);
        if (gone != null) {
            gone.close();
        }
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
        List<Long> numbers = journal.segments();
        if (numbers.isEmpty()) {
            start(Position.START.segment());
        } else {
            open(numbers.get(numbers.size() - 1));
        }
        return out;
    }

    private void start(long number) throws IOException {
        try {
            folders.createToolFile(journal.segment(number)).close();
        } catch (FileAlreadyExistsException e) {
            // made by another writer, which then let go of the lock
        }
        closeOut();
        open(number);
    }

    private void open(long number) throws IOException {
        out = FileChannel.open(journal.segment(number), Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS));
        current = number;
        currentFile = journal.segment(number).toFile();
        nextFile = journal.segment(number + 1).toFile();
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
