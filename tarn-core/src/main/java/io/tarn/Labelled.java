package io.tarn;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;

/**
 * A value read together with the labels stored with it, both from the location that served it, in one walk of the
 * tree ({@link io.tarn.location.Location#readLabelled}). Closing it closes the value.
 * <p>
 * A record beside {@link Value} rather than a {@code labels()} on every value: a value stays bytes and their size, and
 * only the reads that want labels ask a location for them.
 */
public record Labelled(Value value, Set<String> labels) implements Closeable {

    public Labelled {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(labels, "labels");
    }

    @Override
    public void close() throws IOException {
        value.close();
    }
}
