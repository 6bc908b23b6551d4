package io.tarn.location;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tarn.Value;

/**
 * A value that holds something until it is closed, and lets it go once, however often closed: a disk lake's value
 * holds its key in use, so no gc or eviction of any process removes it while it is open.
 */
public final class PinnedValue implements Value {
    private final Value value;
    private final Runnable unpin;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The value, and what closing it lets go (run once, after the value itself is closed). */
    public PinnedValue(Value value, Runnable unpin) {
        this.value = value;
        this.unpin = unpin;
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
            if (closed.compareAndSet(false, true)) {
                unpin.run();
            }
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
