package io.tarn.location;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.tarn.Key;

/** One stored key, as {@link Location#contents()} lists it; its metadata is read on demand. */
public record Entry(Key key, Location location) {

    public Set<String> labels() {
        return location.labels(key);
    }

    public Optional<Instant> lastUsed() {
        return location.lastUsed(key);
    }
}
