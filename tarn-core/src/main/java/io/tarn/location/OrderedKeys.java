package io.tarn.location;

import java.util.stream.Stream;

import io.tarn.Key;

/**
 * A location's keys in ascending order, walked in memory bounded by less than their number, as
 * {@link Location#orderedKeys()} offers it: a disk lake walks its folders in order, and a combinator whose contents are
 * its members' merges theirs when every member offers it. A listing pages through a huge lake with it.
 */
@FunctionalInterface
public interface OrderedKeys {
    /** The keys after {@code after} (all when null), ascending, each once, lazily. Close the stream. */
    Stream<Key> keysAfter(Key after);
}
