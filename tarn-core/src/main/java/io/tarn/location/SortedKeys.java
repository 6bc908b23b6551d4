package io.tarn.location;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.tarn.Key;

/**
 * The keys of a location tree in ascending order, each once, from the first key after a given one: what a listing
 * pages through. A location that orders its keys ({@link Location#ordersKeys()}: a disk lake walks its folders in
 * order) gives them itself, a combinator (whose contents are its members') merges
 * its members' ordered keys, both in memory bounded by a folder, not by the lake; any other location is listed whole
 * and sorted (memory grows with its number of keys, as its own listing does).
 */
public final class SortedKeys {
    /** The combinators whose contents are exactly their members' contents. */
    private static final Set<Class<?>> UNIONS = Set.of(Levels.class, Fanout.class, Small.class, ReadOnly.class,
            Verified.class, Metered.class);

    private SortedKeys() {
    }

    /** Whether the keys of {@code tree} stream in constant memory (every leaf is a disk lake). */
    public static boolean streams(Location tree) {
        if (tree.ordersKeys()) {
            return true;
        }
        return UNIONS.contains(tree.getClass()) && tree.children().stream().allMatch(SortedKeys::streams);
    }

    /** The keys of {@code tree} after {@code after} (all when null), ascending and distinct; close the stream. */
    public static Stream<Key> of(Location tree, Key after) {
        if (tree.ordersKeys()) {
            return tree.keysAfter(after);
        }
        if (UNIONS.contains(tree.getClass())) {
            List<Stream<Key>> members = new ArrayList<>();
            for (Location member : tree.children()) {
                members.add(of(member, after));
            }
            return members.size() == 1 ? members.get(0) : merge(members);
        }
        TreeSet<Key> keys = new TreeSet<>();
        try (Stream<Entry> entries = tree.contents()) {
            entries.map(Entry::key).filter(key -> after == null || key.compareTo(after) > 0).forEach(keys::add);
        }
        return keys.stream();
    }

    /** Merges ascending streams into one ascending stream without repeats. */
    private static Stream<Key> merge(List<Stream<Key>> streams) {
        record Head(Key key, Iterator<Key> rest) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::key));
        Iterator<Key> merged = new Iterator<>() {
            private boolean started;
            private Key last;

            private void start() {
                if (!started) {
                    started = true;
                    streams.forEach(stream -> advance(stream.iterator()));
                }
            }

            private void advance(Iterator<Key> rest) {
                if (rest.hasNext()) {
                    heads.add(new Head(rest.next(), rest));
                }
            }

            @Override
            public boolean hasNext() {
                start();
                while (!heads.isEmpty() && heads.peek().key().equals(last)) {
                    advance(heads.poll().rest());
                }
                return !heads.isEmpty();
            }

            @Override
            public Key next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Head head = heads.poll();
                advance(head.rest());
                last = head.key();
                return last;
            }
        };
        Stream<Key> stream = StreamSupport.stream(Spliterators.spliteratorUnknownSize(merged,
                Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.SORTED | Spliterator.NONNULL), false);
        for (Stream<Key> member : streams) {
            stream = stream.onClose(member::close);
        }
        return stream;
    }
}
