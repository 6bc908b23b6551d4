package io.tarn.location.combine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

import io.tarn.TarnException;
import io.tarn.Value;

/**
 * A value that a batch read ({@code fetch}) found in a lower level of {@link Levels} but that no upper level took a
 * copy of (they declined or failed; failures are logged); it reads as the value itself. {@link io.tarn.lake.Lake#fetch}
 * reports the key as {@link io.tarn.lake.Fetched#NOT_COPIED}.
 *
 * @param failure the first failure of an upper level, or null when they all declined
 */
public record NotCopiedUp(Value value, TarnException failure) implements Value {

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
        value.close();
    }
}
