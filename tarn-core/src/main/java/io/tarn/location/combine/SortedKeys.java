package io.tarn.location.combine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.tarn.Key;
import io.tarn.location.Entry;
import io.tarn.location.Location;
import io.tarn.location.OrderedKeys;

/**
 * The keys of a location tree in ascending order, each once, from the first key after a given one: what a listing
 * pages through. A location that offers {@link Location#orderedKeys()} gives them itself (a disk lake walks its folders
 * in order; a combinator whose contents are its members' merges theirs through {@link #union}), in memory bounded by a
 * folder, not by the lake; any other location is listed whole and sorted (memory grows with its number of keys, as its own listing does).
 */
public final class SortedKeys {
    private SortedKeys() {
    }

    /** Whether the keys of {@code tree} stream in constant memory (it offers {@link Location#orderedKeys()}). */
    public static boolean streams(Location tree) {
        return tree.orderedKeys().isPresent();
    }

    /** The keys of {@code tree} after {@code after} (all when null), ascending and distinct; close the stream. */
    public static Stream<Key> of(Location tree, Key after) {
        Optional<OrderedKeys> ordered = tree.orderedKeys();
        if (ordered.isPresent()) {
            return ordered.get().keysAfter(after);
        }
        TreeSet<Key> keys = new TreeSet<>();
        try (Stream<Entry> entries = tree.contents()) {
            entries.map(Entry::key).filter(key -> after == null || key.compareTo(after) > 0).forEach(keys::add);
        }
        return keys.stream();
    }

    /**
     * The ordered keys of a combinator whose contents are its members' contents: its members' merged, when every
     * member offers them; empty otherwise.
     */
    public static Optional<OrderedKeys> union(List<Location> members) {
        List<OrderedKeys> ordered = new ArrayList<>();
        for (Location member : members) {
            Optional<OrderedKeys> keys = member.orderedKeys();
            if (keys.isEmpty()) {
                return Optional.empty();
            }
            ordered.add(keys.get());
        }
        if (ordered.size() == 1) {
            return Optional.of(ordered.get(0));
        }
        return Optional.of(after -> merge(ordered.stream().map(keys -> keys.keysAfter(after)).toList()));
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
