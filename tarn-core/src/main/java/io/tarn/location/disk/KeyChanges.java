package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.Value;
import io.tarn.location.Declines;
import io.tarn.location.FailureLog;
import io.tarn.location.Locker;
import io.tarn.location.eviction.PinnedValue;

/**
 * What changes the values of a disk lake: storing one under the key's write lock (or finding it stored), and removing
 * one (a delete, a corrupt copy, gc's and eviction's removals of unused values), keeping the quota, usage marks,
 * labels and change journal in step.
 */
final class KeyChanges {
    private final DiskLocation lake;
    private final Path root;
    /** Why the lake takes no writes, or null. */
    private final String readOnly;
    private final ValueFiles files;
    /** Null when the root could not be read (read-only). */
    private final WriteProtocol protocol;
    private final DiskQuota quota;
    private final Tools tools;
    private final Journal journal;
    private final KeyLocks locks;
    private final UseLocks uses;
    private final FailureLog writeFailures;

    KeyChanges(DiskLocation lake, String readOnly, ValueFiles files, WriteProtocol protocol, DiskQuota quota,
               Tools tools, Journal journal, KeyLocks locks, UseLocks uses) {
        this.lake = lake;
        this.root = lake.root();
        this.readOnly = readOnly;
        this.files = files;
        this.protocol = protocol;
        this.quota = quota;
        this.tools = tools;
        this.journal = journal;
        this.locks = locks;
        this.uses = uses;
        this.writeFailures = new FailureLog("Writing to " + lake, "writes are declined and offered to the next location");
    }

    /** Marks the key used, where the lake keeps usage and takes writes (best effort, see {@link Tools#touch}). */
    void markUsed(Key key) {
        if (readOnly == null) {
            tools.touch(key);
        }
    }

    /**
     * Stores the value under the key's write lock (see {@link DiskLocation}): the stored value, held in use until it is
     * closed, or a decline.
     */
    Optional<Value> write(Key key, Value value, Set<String> labels) {
        if (readOnly != null) {
            return Declines.decline(lake, "read-only (" + readOnly + ")");
        }
        Path file = files.pathOf(key);
        try (Locker.Held held = locks.write(key)) {
            Locker.Held use = uses.shared(key);
            try {
                Optional<Value> stored = store(key, value, labels, file);
                if (stored.isEmpty()) {
                    use.close();
                }
                return stored.map(found -> new PinnedValue(found, use::close));
            } catch (IOException | RuntimeException | Error e) {
                use.close();
                throw e;
            }
        } catch (IOException e) {
            throw new LocationException("The disk lake at " + root + " could not store key " + key.hex() + ": "
                                        + Refusal.reason(e) + ". Check the folder's permissions and free space.", e);
        }
    }

    /** Stores the value at {@code file} under the key's locks, or finds it there: the stored value, or a decline. */
    private Optional<Value> store(Key key, Value value, Set<String> labels, Path file) throws IOException {
        // java.io's stat: NIO's Files.exists throws (and fills a stack trace) on every miss under Java 17
        if (file.toFile().exists()) {
            Path existing = files.existing(key, file);
            protocol.checkSame(key, value, existing);
            tools.addLabels(key, labels);
            markUsed(key); // a writer told the value is stored has used it: eviction and gc keep it
            return Optional.of(Value.of(existing));
        }
        long size = value.size();
        Optional<String> full = quota.full(Math.max(size, 0));
        if (full.isPresent()) {
            return decline(key, full.get(), null);
        }
        boolean placed;
        try {
            placed = protocol.put(key, value, size, file);
        } catch (IOException e) {
            Optional<String> refusal = Refusal.of(e);
            if (refusal.isPresent()) {
                return decline(key, refusal.get(), e);
            }
            throw e;
        }
        writeFailures.worked();
        if (placed) {
            journal.append(key);
        }
        tools.markStored(key);
        tools.addLabels(key, labels);
        return Optional.of(Value.of(file));
    }

    private Optional<Value> decline(Key key, String why, IOException cause) {
        writeFailures.failed("key " + key.hex(), why);
        return Declines.decline(lake, why);
    }

    /**
     * Deletes the key's copy unless {@code keep} says otherwise of the file holding it, asked under the lock writers
     * take (a copy found corrupt that is intact again, a value used since eviction or gc started).
     */
    boolean deleteUnless(Key key, Predicate<Path> keep) {
        try (Locker.Held held = locks.write(key)) {
            return deleteLocked(key, keep);
        }
    }

    /**
     * Removes the key's value for gc or eviction: only if no process uses it now (a reader holding its value, a
     * writer or a toucher: {@link UseLocks}), and unless {@code keep} says otherwise of the file, asked once the key is
     * held alone — so a use marks the value before the question is asked, or finds it gone.
     *
     * @return whether it was removed (false: missing, in use, or kept)
     */
    boolean removeUnused(Key key, Predicate<Path> keep) {
        try (Locker.Held held = locks.write(key)) {
            Optional<Locker.Held> alone = uses.tryAlone(key);
            if (alone.isEmpty()) {
                return false;
            }
            try (Locker.Held removing = alone.get()) {
                return deleteLocked(key, keep);
            }
        }
    }

    private boolean deleteLocked(Key key, Predicate<Path> keep) {
        Path file = files.pathOf(key);
        try {
            Path existing = files.stored(key);
            if (existing == null) {
                return false;
            }
            if (readOnly != null) {
                throw new LocationException("The disk lake at " + root + " is read-only (" + readOnly + "): key "
                                            + key.hex() + " was not deleted", null);
            }
            if (keep.test(existing)) {
                return false;
            }
            long size = DiskQuota.sizeOf(existing);
            if (!existing.equals(file)) {
                Files.delete(existing);
                Files.delete(file);
            } else if (!Files.deleteIfExists(file)) {
                return false;
            }
            quota.changed(-size);
            tools.delete(key);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new LocationException("The disk lake at " + root + " could not delete key " + key.hex() + ": "
                                        + Refusal.reason(e), e);
        }
    }
}
