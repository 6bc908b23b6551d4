package io.tarn.location.eviction;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

import io.tarn.Value;

/** A value that is another one, for a wrapper that only changes what closing it does. */
abstract class ForwardingValue implements Value {
    protected final Value value;

    ForwardingValue(Value value) {
        this.value = value;
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
    public String toString() {
        return value.toString();
    }
}
