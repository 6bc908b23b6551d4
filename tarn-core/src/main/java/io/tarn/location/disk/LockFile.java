package io.tarn.location.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.location.FailureLog;
import io.tarn.location.Locker;

/**
 * One lock file of {@link UseLocks}, opened once per JVM, with the table of its bytes held in this JVM: a byte is held
 * shared by readers or alone by one remover, and the POSIX record lock on it is taken once for all of them. A file
 * whose record locks fail (or that cannot be opened) falls back on this JVM's table alone.
 */
final class LockFile {
    /** How long a use waits for a removal to finish before it gives up (a removal holds a key for a few stats). */
    static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** The lock files this JVM has open, by the file's identity (device and inode): at most one channel per file. */
    private static final Map<Object, LockFile> OPEN = new ConcurrentHashMap<>();

    private final Object identity;
    private final Path path;
    /** null when the file could not be opened: uses are then ordered within this JVM only. */
    private final FileChannel channel;
    /** Whether the channel may take a lock alone (it was opened for writing). */
    private final boolean writable;
    private final ConcurrentHashMap<Long, Slot> slots = new ConcurrentHashMap<>();
    private final FailureLog failures;
    /** Lakes using this file (changed under {@link #OPEN}); closed when none is left and no byte is held. */
    private volatile int lakes = 1;
    /** Set when record locks fail on this file system: from then on, this JVM's own table only. */
    private volatile boolean broken;

    private LockFile(Object identity, Path path, FileChannel channel, boolean writable) {
        this.identity = identity;
        this.path = path;
        this.channel = channel;
        this.writable = writable;
        this.failures = new FailureLog("Locking keys in " + path, "uses of the lake are ordered against gc and"
                                                                  + " eviction within this process only");
    }

    /**
     * The JVM's lock file at {@code path}, opened now or counted once more. Opening and closing are serialized on
     * {@link #OPEN}: a channel of a file is never closed while another one of the same file holds locks.
     */
    static LockFile open(Path path, LakeFolders folders, boolean writable) {
        Object identity = path;
        FileChannel channel = null;
        boolean canWrite = false;
        try {
            if (writable) {
                create(path, folders);
            }
            identity = identity(path);
        } catch (IOException | UnsupportedOperationException e) {
            if (writable) {
                new FailureLog("Opening " + path, "uses of the lake are ordered against gc and eviction within"
                                                  + " this process only").failed(path.toString(), e);
            }
        }
        synchronized (OPEN) {
            LockFile known = OPEN.get(identity);
            if (known != null) {
                known.lakes++;
                return known;
            }
            if (!(identity instanceof Path)) {
                try {
                    channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS);
                    canWrite = true;
                } catch (IOException | UnsupportedOperationException e) {
                    try {
                        channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException | UnsupportedOperationException again) {
                        channel = null; // this JVM's own table
                    }
                }
            }
            LockFile opened = new LockFile(identity, path, channel, canWrite);
            OPEN.put(identity, opened);
            return opened;
        }
    }

    private static void create(Path path, LakeFolders folders) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        folders.ensure(path.getParent());
        try {
            folders.createToolFile(path).close();
        } catch (FileAlreadyExistsException e) {
            // another process made it just now
        }
    }

    /** The file's device and inode; a link there is not followed, and counts as no lock file. */
    private static Object identity(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile() || attributes.fileKey() == null) {
            throw new IOException(path + " is not a regular file");
        }
        return attributes.fileKey();
    }

    /** @param subject the key, or what else the byte stands for, named in an exception */
    Locker.Held shared(long offset, Object subject) {
        Slot slot = enter(offset);
        try {
            synchronized (slot) {
                long deadline = System.nanoTime() + WAIT_NANOS;
                while (slot.alone) {
                    waitOn(slot, deadline, subject);
                }
                if (slot.readers == 0) {
                    slot.lock = lockShared(offset, deadline, subject);
                }
                slot.readers++;
            }
        } catch (RuntimeException | Error e) {
            leave(offset, slot);
            throw e;
        }
        return new Release(() -> {
            synchronized (slot) {
                if (--slot.readers == 0) {
                    unlock(slot);
                }
            }
            leave(offset, slot);
        });
    }

    Optional<Locker.Held> tryAlone(long offset) {
        Slot slot = enter(offset);
        synchronized (slot) {
            boolean mayLock = channelWorks() && writable;
            if (slot.readers > 0 || slot.alone || channelWorks() && !writable) {
                leave(offset, slot);
                return Optional.empty();
            }
            if (mayLock) {
                FileLock lock = tryLock(offset, false);
                if (lock == null && channelWorks()) {
                    leave(offset, slot);
                    return Optional.empty(); // another process uses the key
                }
                slot.lock = lock;
            }
            slot.alone = true;
        }
        return Optional.of(new Release(() -> {
            synchronized (slot) {
                unlock(slot);
                slot.alone = false;
                slot.notifyAll();
            }
            leave(offset, slot);
        }));
    }

    /** The OS lock shared, waiting (polling: a blocking fcntl cannot be bounded) while another process removes. */
    private FileLock lockShared(long offset, long deadline, Object subject) {
        long pause = 1;
        while (channelWorks()) {
            FileLock lock = tryLock(offset, true);
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new LocationException(describe(subject) + " of the lake whose lock file is " + path
                                            + " has been held by a removal (gc or eviction) of another process for"
                                            + " over " + TimeUnit.NANOSECONDS.toSeconds(WAIT_NANOS) + " s: that"
                                            + " process is stopped or hangs; the lock goes when it ends", null);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocationException("Interrupted while waiting for " + describe(subject) + " in " + path, e);
            }
            pause = Math.min(pause * 2, 50);
        }
        return null;
    }

    /**
     * The OS lock, or null when another process holds it, or when record locks fail here (ENOLCK on an NFS mount
     * without a lock manager, say: logged once, and this JVM's own table serves from then on).
     */
    private FileLock tryLock(long offset, boolean shared) {
        try {
            FileLock lock = channel.tryLock(offset, 1, shared);
            failures.worked();
            return lock;
        } catch (IOException e) {
            failures.failed("byte " + offset, e);
            broken = true;
            return null;
        }
    }

    private boolean channelWorks() {
        return channel != null && !broken;
    }

    private void unlock(Slot slot) {
        FileLock lock = slot.lock;
        slot.lock = null;
        if (lock != null && lock.isValid()) {
            try {
                lock.release();
            } catch (IOException e) {
                failures.failed("releasing a lock", e);
            }
        }
    }

    private static void waitOn(Slot slot, long deadline, Object subject) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new LocationException(describe(subject) + " has been held by a removal of this process for over "
                                        + TimeUnit.NANOSECONDS.toSeconds(WAIT_NANOS) + " s", null);
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(slot, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocationException("Interrupted while waiting for " + describe(subject), e);
        }
    }

    private Slot enter(long offset) {
        return slots.compute(offset, (o, slot) -> {
            Slot entered = slot == null ? new Slot() : slot;
            entered.users++;
            return entered;
        });
    }

    private void leave(long offset, Slot slot) {
        slots.computeIfPresent(offset, (o, current) -> current == slot && --current.users == 0 ? null : current);
        if (lakes == 0 && slots.isEmpty()) {
            closeIfUnused(); // the last lock of a file whose lakes are gone
        }
    }

    /** Whether other processes see these locks (false: this process orders its own uses only). */
    boolean acrossProcesses() {
        return channel != null;
    }

    /** One lake fewer; the last one closes the channel once no byte is held. */
    void release() {
        synchronized (OPEN) {
            lakes--;
        }
        closeIfUnused();
    }

    private void closeIfUnused() {
        synchronized (OPEN) {
            if (lakes > 0 || !slots.isEmpty() || OPEN.get(identity) != this) {
                return;
            }
            OPEN.remove(identity);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing is held on it
                }
            }
        }
    }

    /** Who holds one byte of the file in this JVM: readers, or one remover; the OS lock taken for all of them. */
    private static final class Slot {
        int readers;
        boolean alone;
        /** Users of the slot object itself (waiting or holding), so that an idle slot leaves the table. */
        int users;
        FileLock lock;
    }

    private static String describe(Object subject) {
        return subject instanceof Key key ? "Key " + key.hex() : String.valueOf(subject);
    }

    /** Releases once, however often closed. */
    private static final class Release implements Locker.Held {
        private Runnable release;

        Release(Runnable release) {
            this.release = release;
        }

        @Override
        public synchronized void close() {
            if (release != null) {
                Runnable once = release;
                release = null;
                once.run();
            }
        }
    }
}
