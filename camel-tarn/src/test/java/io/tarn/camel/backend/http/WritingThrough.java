package io.tarn.camel.backend.http;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.camel.backend.Reachability;
import io.tarn.camel.backend.RemoteLocation;
import io.tarn.location.Entry;
import io.tarn.location.Location;

/**
 * Runs the location contract on a read-only remote location: writes, deletes and touches go into the disk lake the
 * server serves (which raises collisions), everything else goes through the remote location, as a reader of a shared
 * lake sees it. A write offers what the server then serves, so a write while the server is down is declined.
 */
final class WritingThrough implements RemoteLocation {
    private final Location served;
    private final RemoteLocation remote;

    WritingThrough(Location served, RemoteLocation remote) {
        this.served = served;
        this.remote = remote;
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        Optional<Value> stored = served.write(key, value, labels);
        if (stored.isEmpty()) {
            return stored;
        }
        Location.closeQuietly(stored.get());
        return remote.read(key);
    }

    @Override
    public boolean delete(Key key) {
        return served.delete(key);
    }

    @Override
    public boolean touch(Key key) {
        return served.touch(key);
    }

    @Override
    public Optional<Value> read(Key key) {
        return remote.read(key);
    }

    @Override
    public boolean contains(Key key) {
        return remote.contains(key);
    }

    @Override
    public Stream<Entry> contents() {
        return remote.contents();
    }

    @Override
    public Set<String> labels(Key key) {
        return remote.labels(key);
    }

    @Override
    public Optional<Instant> lastUsed(Key key) {
        return remote.lastUsed(key);
    }

    @Override
    public void readBatch(Collection<Key> keys, BiConsumer<Key, Optional<Value>> sink) {
        remote.readBatch(keys, sink);
    }

    @Override
    public Reachability reachability() {
        return remote.reachability();
    }

    @Override
    public void close() throws IOException {
        remote.close();
        served.close();
    }
}
