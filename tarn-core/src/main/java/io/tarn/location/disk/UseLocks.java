package io.tarn.location.disk;

import java.lang.ref.Cleaner;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.location.Locker;

/**
 * Orders every use of a key (a read, until its value is closed; a write; a touch) against its removal by gc or
 * eviction, in every process on the lake: a use holds the key's lock shared, a removal takes it alone or not at all
 * ({@link #tryAlone}: a key in use is kept). So a removal either happens before a use, which then finds the value
 * missing, or after the use is over and has marked the value used, which the removal then sees; never in between, and
 * never under a value a reader of any process still holds.
 * <p>
 * The locks are POSIX record locks ({@code fcntl}, through {@link FileChannel#tryLock}) on one byte per key, at an
 * offset taken from the key's first bytes, of the file {@code tools/locks} of the lake: the kernel (or an NFS lock
 * manager) holds them for the process and drops them when it dies, kill -9 included, so a crashed process never
 * leaves a key locked. A process holds one lock per byte, so within the JVM a table counts the holders of each byte,
 * and the JVM opens the file once ({@link LockFile}), whatever the number of lakes opened on it: POSIX drops every
 * lock a process holds on a file when any of its descriptors of that file is closed.
 * <p>
 * Python tarn takes none of these locks (it orders its readers against deletes only through a RedisLocker). A lake
 * whose lock file cannot be opened (a read-only lake, a file system without record locks) orders uses within this
 * process only, and says so once.
 */
final class UseLocks {
    /** The lock file, relative to the lake's root. */
    static final String FILE = "tools/locks";
    /**
     * The first offset past every key's (a key's offset is below 2^56): a bounded level's evictors hold it alone while
     * a batch runs, so that one batch runs at a time across processes ({@link OccupancyFile}).
     */
    static final long BATCH = 1L << 56;
    /** Held shared by every copy into a bounded level while it is reserved ({@link OccupancyFile}). */
    static final long RESERVATIONS = BATCH + 1;
    private static final Cleaner CLEANER = Cleaner.create();

    private final LockFile file;
    /** Releases this lake's claim on the file once: on {@link #close()}, or when the lake is unreachable. */
    private final Cleaner.Cleanable claim;

    private UseLocks(Object owner, LockFile file) {
        this.file = file;
        this.claim = CLEANER.register(owner, file::release);
    }

    /**
     * The use locks of the lake at {@code root}, sharing this JVM's table with every other lake opened on that folder;
     * released when {@code owner} is unreachable or {@link #close()}d.
     *
     * @param writable whether the lake takes writes (a read-only lake never creates the file, and locks only what it
     *                 can: shared locks on an existing file opened for reading)
     */
    static UseLocks open(Object owner, Path root, LakeFolders folders, boolean writable) {
        Path path = root.resolve(FILE);
        return new UseLocks(owner, LockFile.open(path, folders, writable));
    }

    /**
     * Holds the key's lock shared until the returned lock is closed: waits while a removal of the key runs (in any
     * process), at most {@link LockFile#WAIT_NANOS}.
     *
     * @throws LocationException if a removal holds the key longer than that (a stopped process)
     */
    Locker.Held shared(Key key) {
        return file.shared(offset(key), key);
    }

    /**
     * Holds the lock at an offset past the keys' ({@link #BATCH}...) shared until the returned lock is closed, waiting
     * while it is held alone, as {@link #shared(Key)} does; {@code what} names it in the exception.
     */
    Locker.Held shared(long offset, String what) {
        return file.shared(offset, what);
    }

    /** Takes the lock at an offset past the keys' alone if nobody (in any process) holds it; never waits. */
    Optional<Locker.Held> tryAlone(long offset) {
        return file.tryAlone(offset);
    }

    /** Takes the key's lock alone if nobody (in any process) uses the key now; empty otherwise. Never waits. */
    Optional<Locker.Held> tryAlone(Key key) {
        return file.tryAlone(offset(key));
    }

    /** A byte of the file per key: the key's first seven bytes (a position must be a non-negative long). */
    static long offset(Key key) {
        byte[] bytes = key.bytes();
        long offset = 0;
        for (int i = 0; i < 7; i++) {
            offset = offset << 8 | (i < bytes.length ? bytes[i] & 0xff : 0);
        }
        return offset;
    }

    /** Whether other processes see these locks (false: this process orders its own uses only). */
    boolean acrossProcesses() {
        return file.acrossProcesses();
    }

    /** Lets this JVM close the lock file once no lake uses it and no lock is held. */
    void close() {
        claim.clean();
    }

}
