package io.tarn.location;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tarn.Key;
import io.tarn.Value;

/**
 * A value handed out from a bounded cache level ({@link Evictor}): should an eviction batch remove its file between the
 * read that found it and the caller opening it, opening it reads the copy a level below holds instead — eviction
 * removes only values a lower level confirmed, so a reader never sees a value vanish under it. A stream already open
 * keeps reading the removed file (POSIX unlink), so only {@link #open} needs this.
 */
final class ReadBelow implements Value {
    private final Value value;
    private final Key key;
    private final List<Location> below;
    private final List<Value> fallbacks = new ArrayList<>();

    ReadBelow(Value value, Key key, List<Location> below) {
        this.value = value;
        this.key = key;
        this.below = below;
    }

    @Override
    public long size() {
        return value.size();
    }

    @Override
    public InputStream open() throws IOException {
        try {
            return value.open();
        } catch (NoSuchFileException evicted) {
            for (Location lower : below) {
                Optional<Value> copy = lower.read(key);
                if (copy.isPresent()) {
                    synchronized (fallbacks) {
                        fallbacks.add(copy.get());
                    }
                    return copy.get().open();
                }
            }
            throw evicted;
        }
    }

    @Override
    public Optional<Path> file() {
        return value.file();
    }

    @Override
    public void close() throws IOException {
        value.close();
        synchronized (fallbacks) {
            for (Value copy : fallbacks) {
                Location.closeQuietly(copy);
            }
            fallbacks.clear();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
