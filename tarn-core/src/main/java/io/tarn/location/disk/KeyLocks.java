package io.tarn.location.disk;

import java.util.concurrent.locks.ReentrantLock;

import io.tarn.Key;
import io.tarn.location.Locker;

/**
 * The locks a disk lake's writers and deleters take on a key: the lake's shared {@link Locker} (Python tarn's
 * RedisLocker, or none) first, then one of a fixed number of stripes within this process; released in reverse order.
 */
final class KeyLocks {
    private static final int STRIPES = 64;

    private final Locker shared;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    KeyLocks(Locker shared) {
        this.shared = shared;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The lake's own locker, or {@link Locker#NONE}. */
    Locker shared() {
        return shared;
    }

    /** Takes the key's write lock, shared then local; closing releases both. */
    Locker.Held write(Key key) {
        Locker.Held held = shared.write(key);
        ReentrantLock stripe = stripes[Math.floorMod(key.hashCode(), STRIPES)];
        try {
            stripe.lock();
        } catch (RuntimeException | Error e) {
            held.close();
            throw e;
        }
        return () -> {
            stripe.unlock();
            held.close();
        };
    }
}
