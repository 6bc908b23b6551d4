package io.tarn.location;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.Labelled;
import io.tarn.Value;

/**
 * A location that passes everything to one inner location; subclasses change what they must (Guava's
 * {@code ForwardingObject} idiom): {@code ReadOnly}, {@code Small}, {@code Verified} and {@code Metered} are such. A
 * subclass that changes {@link #read} changes {@link #readLabelled} too, which reads the value with its labels.
 */
public abstract class ForwardingLocation extends Composite {
    protected final Location inner;

    protected ForwardingLocation(Location inner) {
        super(List.of(inner));
        this.inner = inner;
    }

    public Location inner() {
        return inner;
    }

    @Override
    public Optional<Value> read(Key key) {
        return inner.read(key);
    }

    @Override
    public boolean contains(Key key) {
        return inner.contains(key);
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        return inner.write(key, value, labels);
    }

    @Override
    public boolean delete(Key key) {
        return inner.delete(key);
    }

    @Override
    public boolean touch(Key key) {
        return inner.touch(key);
    }

    @Override
    public Stream<Entry> contents() {
        return inner.contents();
    }

    @Override
    public Set<String> labels(Key key) {
        return inner.labels(key);
    }

    /** The inner location's: a subclass that changes {@link #read} overrides this as well. */
    @Override
    public Optional<Labelled> readLabelled(Key key) {
        return inner.readLabelled(key);
    }

    @Override
    public Optional<Instant> lastUsed(Key key) {
        return inner.lastUsed(key);
    }

    @Override
    public void readBatch(Collection<Key> keys, BiConsumer<Key, Optional<Value>> sink) {
        inner.readBatch(keys, sink);
    }

    @Override
    public Optional<Evictable> evictable() {
        return inner.evictable();
    }

    @Override
    public Optional<Locker> locker() {
        return inner.locker();
    }

    /** The inner location's: a forwarding location holds what its inner one holds (override it where not). */
    @Override
    public Optional<OrderedKeys> orderedKeys() {
        return inner.orderedKeys();
    }

    /** The inner location's file: a forwarding location reads its inner one's values (through the lake). */
    @Override
    public Optional<Path> localFile(Key key) {
        return inner.localFile(key);
    }

    /** None: a wrapper stands for its member as a whole (see {@link Location#members()}); an observer overrides it. */
    @Override
    public List<Member> members() {
        return List.of();
    }
}
