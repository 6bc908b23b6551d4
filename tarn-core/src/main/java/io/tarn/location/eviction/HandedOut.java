package io.tarn.location.eviction;

import java.io.IOException;

import io.tarn.Value;

/**
 * A value a bounded level handed to a reader: once it is closed (and the level's own hold on it let go), its
 * {@link Evictor} is told, so that a level a batch could not get under its capacity while readers held its values gets
 * there when they let go, not at the next copy into it.
 */
final class HandedOut extends ForwardingValue {
    private final Evictor evictor;

    HandedOut(Value value, Evictor evictor) {
        super(value);
        this.evictor = evictor;
    }

    @Override
    public void close() throws IOException {
        try {
            value.close();
        } finally {
            evictor.released();
        }
    }
}
