package io.tarn.location.disk;

import java.util.Optional;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.location.Locker;
import io.tarn.location.eviction.PinnedValue;

/**
 * What reads a disk lake's values and marks them used: under the key's use lock (no gc or eviction of any process
 * removes a value while it is held) and, when the lake has a RedisLocker, its read lock.
 */
final class KeyReads {
    private final ValueFiles files;
    private final UseLocks uses;
    private final Locker shared;
    private final KeyChanges changes;

    KeyReads(ValueFiles files, UseLocks uses, Locker shared, KeyChanges changes) {
        this.files = files;
        this.uses = uses;
        this.shared = shared;
        this.changes = changes;
    }

    /** The value of a key of the lake's size, held in use until it is closed, and marked used; or empty. */
    Optional<Value> read(Key key) {
        Locker.Held use = uses.shared(key);
        try (Locker.Held held = shared.read(key)) {
            Value value = files.storedValue(key);
            if (value == null) {
                use.close();
                return Optional.empty();
            }
            changes.markUsed(key);
            return Optional.of(new PinnedValue(value, use::close));
        } catch (RuntimeException | Error e) {
            use.close();
            throw e;
        }
    }

    /** The whole file of the key ({@link ValueFiles#wholeFile}) read under its use and read locks, marked used. */
    Optional<byte[]> wholeFileInUse(Key key) {
        try (Locker.Held use = uses.shared(key); Locker.Held held = shared.read(key)) {
            Optional<byte[]> whole = files.wholeFile(key);
            if (whole != null && whole.isPresent()) {
                changes.markUsed(key);
            }
            return whole;
        }
    }

    /** Marks a key of the lake's size used, if it is there; says whether it is. */
    boolean touch(Key key) {
        try (Locker.Held use = uses.shared(key); Locker.Held held = shared.read(key)) {
            if (files.stored(key) == null) {
                return false;
            }
            changes.markUsed(key);
            return true;
        }
    }
}
