package io.tarn.location;

import java.io.Closeable;

import io.tarn.Key;

/**
 * The values put in a location that a consumer has not handed on yet, from a durable position, as
 * {@link Changes#follow} opens it: a disk lake's change feed (its journal, and full scans for what the journal does
 * not hold). Use from one thread: {@link #next()}, then {@link #handedOn()} once the value is through, or
 * {@link #rewind()} to be offered it again.
 */
public interface ChangeSource extends Closeable {
    /** The next key to hand on, or null when there is none now. */
    Key next();

    /** Records that the key {@link #next()} gave last is through: a restart goes on after it. */
    void handedOn();

    /** Forgets what was read since the last key handed on: it is offered again. */
    void rewind();

    /** Makes the position survive a crash of the machine (and may tidy what the source no longer needs). */
    void sync();

    /** Full scans of the location finished since the source was opened (0 for a source that makes none). */
    default long completedScans() {
        return 0;
    }
}
