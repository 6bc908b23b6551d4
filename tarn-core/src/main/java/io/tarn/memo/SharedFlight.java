package io.tarn.memo;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.location.FailureLog;
import io.tarn.location.Locker;

/**
 * Single flight across JVMs: while one process computes a memo key, the others that want it wait for its lock, then
 * find its result in the index. The lock is the index location's ({@link io.tarn.location.Location#locker()}: a Redis
 * location, a disk index whose config.yml names a RedisLocker), on a key derived from the memo key, since the index
 * locks the memo key itself for its own reads and writes. A wait is bounded by the lock's expiry and a second: a
 * computer that died (SIGKILL) lets its lock expire, and the next one computes. An index without locks, a lock server
 * that cannot be reached or a wait that times out (someone else took the lock after it expired) leaves the exchange
 * computing without waiting, logged once per outage: memoization never fails for want of a lock.
 */
public final class SharedFlight {
    private final MemoIndex index;
    private final Optional<Locker> locker;
    private final FailureLog failures;

    public SharedFlight(MemoIndex index) {
        this.index = index;
        this.locker = index.locker();
        this.failures = new FailureLog("Locking memo keys in the " + index,
                "exchanges compute without waiting for other JVMs that may compute the same call");
    }

    /** Waits while another JVM computes the memo key, then holds its lock until closed. */
    public Locker.Held enter(Key memoKey) {
        if (locker.isEmpty()) {
            return Locker.Held.NONE;
        }
        try {
            Locker.Held held = locker.get().write(lockKey(memoKey));
            failures.worked();
            return held;
        } catch (LocationException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            failures.failed("memo key " + memoKey.hex(), e);
            return Locker.Held.NONE;
        }
    }

    /** The key locked for a memo key: never a key the index stores, so never one it locks itself. */
    private Key lockKey(Key memoKey) {
        return index.algorithm().digest(("tarn-memo-lock/1\n" + memoKey.hex()).getBytes(StandardCharsets.US_ASCII));
    }
}
