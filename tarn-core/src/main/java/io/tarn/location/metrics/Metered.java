package io.tarn.location.metrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.Labelled;
import io.tarn.Value;
import io.tarn.location.Changes;
import io.tarn.location.ForwardingLocation;
import io.tarn.location.Location;
import io.tarn.location.LocationEvents;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;
import io.tarn.location.combine.Verified;

/**
 * Counts what one node of a location tree does ({@link LocationStats}): reads, writes, their bytes, and the failures
 * that go through it; a leaf also the time its reads and writes take (a combinator's is its members'). {@link #everyNode} puts one above every node of a tree, each named by its place:
 * {@code levels}, {@code levels[0]:small}, {@code levels[0]:small:caffeine}, {@code levels[1]:disk} (a combinator's
 * members by their index, a wrapper's one member without). What a node sees only from inside reaches the same
 * counts through {@link #events()}: copy-ups ({@link io.tarn.location.combine.Levels}), corrupt copies ({@link Verified}),
 * evictions (a {@link LocationEvents.Source}).
 * <p>
 * It passes everything through and changes no answer; its text is its member's, so error messages and specs read as
 * before.
 */
public final class Metered extends ForwardingLocation {
    private final String place;
    private final LocationStats stats;
    /** Whether the node it counts is a leaf of the tree (a Verified put between them since does not count). */
    private final boolean leaf;

    private Metered(Location inner, String place, LocationStats stats, boolean leaf) {
        super(inner);
        this.place = place;
        this.stats = stats;
        this.leaf = leaf;
        if (inner instanceof LocationEvents.Source source) {
            source.observe(stats);
        }
    }

    /** The tree with a Metered above each of its nodes; a tree already metered is returned as it is. */
    public static Location everyNode(Location tree) {
        return tree instanceof Metered ? tree : wrap(tree, kindOf(tree));
    }

    private static Location wrap(Location node, String place) {
        List<Location> children = node.children();
        Location rebuilt = node;
        if (!children.isEmpty()) {
            List<Location> wrapped = new ArrayList<>();
            for (int i = 0; i < children.size(); i++) {
                Location child = children.get(i);
                String index = node instanceof ForwardingLocation ? "" : "[" + i + "]";
                wrapped.add(wrap(child, place + index + ":" + kindOf(child)));
            }
            try {
                rebuilt = node.withChildren(wrapped);
            } catch (UnsupportedOperationException e) {
                // a combinator of the user's that cannot be rebuilt: counted as a whole, its members not
                return new Metered(node, place, new LocationStats(), false);
            }
        }
        return new Metered(rebuilt, place, new LocationStats(), children.isEmpty());
    }

    /**
     * A node's kind: its class name without "Location", in lower case (disk, s3, redis, levels, small...); without
     * "Lazy" too (a disk lake that its first write creates is a disk).
     */
    static String kindOf(Location node) {
        String name = node.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        name = name.startsWith("lazy") ? name.substring("lazy".length()) : name;
        name = name.endsWith("location") && name.length() > "location".length()
                ? name.substring(0, name.length() - "location".length()) : name;
        return name.isEmpty() ? "location" : name;
    }

    /** The Metered nodes of a tree, depth first in order (the root first). */
    public static List<Metered> nodes(Location tree) {
        List<Metered> found = new ArrayList<>();
        collect(tree, found);
        return List.copyOf(found);
    }

    private static void collect(Location node, List<Metered> found) {
        if (node instanceof Metered metered) {
            found.add(metered);
        }
        node.children().forEach(child -> collect(child, found));
    }

    /** The node it counts, named by its place: gc goes through meters (they change nothing of what is where). */
    @Override
    public List<Member> members() {
        return List.of(new Member(inner, Set.of(place), false));
    }

    /** Its counts: what the parts below report of this place (copy-ups, evictions, corrupt copies). */
    @Override
    public LocationEvents events() {
        return stats;
    }

    /** Where the node sits in its tree, e.g. {@code levels[0]:small:caffeine}. */
    public String place() {
        return place;
    }

    /** Its kind, e.g. {@code disk} (see {@link #kindOf}). */
    public String kind() {
        Location node = inner;
        while (node instanceof Verified verified) {
            node = verified.inner();
        }
        return kindOf(node);
    }

    public LocationStats stats() {
        return stats;
    }

    /** Whether the node is a leaf of the tree: a disk, a remote location. */
    public boolean leaf() {
        return leaf;
    }

    /** Now, where this node is timed (a leaf: the clock costs 30-70 ns a reading on a virtual machine), else 0. */
    private long clock() {
        return leaf ? System.nanoTime() : 0;
    }

    @Override
    public Optional<Value> read(Key key) {
        return counted(key, Location::read, Function.identity());
    }

    /** Counted as a read. */
    @Override
    public Optional<Labelled> readLabelled(Key key) {
        return counted(key, Location::readLabelled, Labelled::value);
    }

    private <T> Optional<T> counted(Key key, BiFunction<Location, Key, Optional<T>> read, Function<T, Value> valueOf) {
        long start = clock();
        Optional<T> answer;
        try {
            answer = read.apply(inner, key);
        } catch (RuntimeException e) {
            stats.failed("read", e);
            throw e;
        }
        long size = answer.isPresent() ? valueOf.apply(answer.get()).size() : 0;
        stats.read(answer.isPresent(), size, leaf ? System.nanoTime() - start : 0);
        return answer;
    }

    @Override
    public Optional<byte[]> readWhole(Key key) {
        long start = clock();
        Optional<byte[]> bytes;
        try {
            bytes = inner.readWhole(key);
        } catch (RuntimeException e) {
            stats.failed("read", e);
            throw e;
        }
        stats.read(bytes.isPresent(), bytes.isPresent() ? bytes.get().length : 0, leaf ? System.nanoTime() - start : 0);
        return bytes;
    }

    /** Each key answered counts as a read; the time goes to none (one batch is not one read). */
    @Override
    public void readBatch(Collection<Key> keys, BiConsumer<Key, Optional<Value>> sink) {
        try {
            inner.readBatch(keys, (key, value) -> {
                stats.read(value.isPresent(), value.isPresent() ? value.get().size() : 0, 0);
                sink.accept(key, value);
            });
        } catch (RuntimeException e) {
            stats.failed("fetch", e);
            throw e;
        }
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        long start = clock();
        Optional<Value> written;
        try {
            written = inner.write(key, value, labels);
        } catch (RuntimeException e) {
            stats.failed("write", e);
            throw e;
        }
        long size = written.isEmpty() ? 0 : value.size() >= 0 ? value.size() : written.get().size();
        stats.write(written.isPresent(), size, leaf ? System.nanoTime() - start : 0);
        return written;
    }

    @Override
    public boolean contains(Key key) {
        return counted("contains", () -> inner.contains(key));
    }

    @Override
    public boolean delete(Key key) {
        return counted("delete", () -> inner.delete(key));
    }

    /** The answer of a call, its failure counted. */
    private boolean counted(String operation, BooleanSupplier call) {
        try {
            return call.getAsBoolean();
        } catch (RuntimeException e) {
            stats.failed(operation, e);
            throw e;
        }
    }

    @Override
    public boolean deleteCorrupt(Key key, HashAlgorithm algorithm) {
        return inner.deleteCorrupt(key, algorithm);
    }

    /** Verifies the member; a leaf counts the corrupt copies it found. */
    @Override
    public VerifyReport verify(HashAlgorithm algorithm, VerifyOptions options) {
        VerifyReport report = inner.verify(algorithm, options);
        if (leaf && !report.corrupt().isEmpty()) {
            stats.corrupt(report.corrupt().size());
        }
        return report;
    }

    @Override
    public List<Path> spoolFolders() {
        return inner.spoolFolders();
    }

    /** The changes of the location it reads: it holds what that location holds. */
    @Override
    public Optional<Changes> changes() {
        return inner.changes();
    }

    @Override
    public Location withChildren(List<Location> members) {
        return new Metered(members.get(0), place, stats, leaf);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metered other && other.inner.equals(inner) && other.place.equals(place);
    }

    @Override
    public int hashCode() {
        return inner.hashCode() * 31 + place.hashCode();
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
