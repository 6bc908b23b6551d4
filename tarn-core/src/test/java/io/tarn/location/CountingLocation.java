package io.tarn.location;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.tarn.Key;
import io.tarn.Labelled;
import io.tarn.Value;

/**
 * A location that counts the calls made to it by name ({@code read} for both reads, {@code labels}, {@code contains},
 * {@code write}...), and passes each to the inner one: how many trips a lake makes down to a node of its tree. A
 * tree rebuilt over other members (metered, verified) counts in the same place.
 */
public final class CountingLocation extends ForwardingLocation {
    private final Map<String, AtomicInteger> calls;

    public CountingLocation(Location inner) {
        this(inner, new ConcurrentHashMap<>());
    }

    private CountingLocation(Location inner, Map<String, AtomicInteger> calls) {
        super(inner);
        this.calls = calls;
    }

    /** How many calls of that name it had. */
    public int calls(String name) {
        AtomicInteger count = calls.get(name);
        return count == null ? 0 : count.get();
    }

    /** Every count so far, by name (for messages). */
    public Map<String, Integer> counts() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((name, count) -> copy.put(name, count.get()));
        return copy;
    }

    public void reset() {
        calls.clear();
    }

    /** Counts a call of that name, then makes it. */
    private <T> T count(String name, Supplier<T> call) {
        calls.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        return call.get();
    }

    @Override
    public Optional<Value> read(Key key) {
        return count("read", () -> inner.read(key));
    }

    @Override
    public Optional<Labelled> readLabelled(Key key) {
        return count("read", () -> inner.readLabelled(key));
    }

    @Override
    public Optional<byte[]> readWhole(Key key) {
        return count("read", () -> inner.readWhole(key));
    }

    @Override
    public boolean contains(Key key) {
        return count("contains", () -> inner.contains(key));
    }

    @Override
    public Set<String> labels(Key key) {
        return count("labels", () -> inner.labels(key));
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        return count("write", () -> inner.write(key, value, labels));
    }

    @Override
    public boolean touch(Key key) {
        return count("touch", () -> inner.touch(key));
    }

    @Override
    public Location withChildren(List<Location> members) {
        return new CountingLocation(members.get(0), calls); // a tree rebuilt (metered, verified) counts here too
    }

    @Override
    public String toString() {
        return "counting(" + inner + ")";
    }
}
