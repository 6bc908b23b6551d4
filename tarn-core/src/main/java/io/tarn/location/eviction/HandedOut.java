package io.tarn.location.eviction;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

import io.tarn.Value;

/**
 * A value a bounded level handed to a reader: once it is closed (and the level's own hold on it let go), its
 * {@link Evictor} is told, so that a level a batch could not get under its capacity while readers held its values gets
 * there when they let go, not at the next copy into it.
 */
final class HandedOut implements Value {
    private final Value value;
    private final Evictor evictor;

    HandedOut(Value value, Evictor evictor) {
        this.value = value;
        this.evictor = evictor;
    }

    @Override
    public long size() {
        return value.size();
    }

    @Override
    public InputStream open() throws IOException {
        return value.open();
    }

    @Override
    public Optional<Path> file() {
        return value.file();
    }

    @Override
    public boolean linkTo(Path target) throws IOException {
        return value.linkTo(target);
    }

    @Override
    public void close() throws IOException {
        try {
            value.close();
        } finally {
            evictor.released();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
