package io.tarn.location;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import io.tarn.CorruptionException;
import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.Value;

/**
 * Re-hashes every value read from its location before handing it out. A value that does not hash to its key is
 * deleted there (unless the leaf is behind a {@link ReadOnly}) and a {@link CorruptionException} naming the key and
 * the location is thrown; {@link Levels} and
 * {@link Fanout} pass over it and read the next copy (which Levels replicates back up), so the exception reaches the
 * caller only when no intact copy exists. A batch read ({@code fetch}) treats a corrupt copy as a miss, so that the
 * lower levels heal it.
 * <p>
 * The value is hashed before it is returned, so it is read twice: from the page cache for a disk location, twice
 * over the network for a remote one. Wrap leaves, not combinators: {@link #everyLeaf} does that for a tree.
 */
public final class Verified extends Wrapper {
    private final HashAlgorithm algorithm;
    /** False behind a {@link ReadOnly}: a corrupt copy there is passed over but left in place. */
    private final boolean removesCorrupt;

    public Verified(Location inner, HashAlgorithm algorithm) {
        this(inner, algorithm, true);
    }

    private Verified(Location inner, HashAlgorithm algorithm, boolean removesCorrupt) {
        super(inner);
        this.algorithm = algorithm;
        this.removesCorrupt = removesCorrupt;
    }

    /**
     * The same tree with every leaf wrapped in a {@code Verified}. Leaves under a {@link ReadOnly} keep their corrupt
     * copies: nothing is removed through a read-only location.
     */
    public static Location everyLeaf(Location tree, HashAlgorithm algorithm) {
        return everyLeaf(tree, algorithm, true);
    }

    private static Location everyLeaf(Location tree, HashAlgorithm algorithm, boolean removesCorrupt) {
        if (tree instanceof Verified) {
            return tree;
        }
        if (tree.children().isEmpty()) {
            return new Verified(tree, algorithm, removesCorrupt);
        }
        boolean below = removesCorrupt && !(tree instanceof ReadOnly);
        return tree.withChildren(tree.children().stream().map(child -> everyLeaf(child, algorithm, below)).toList());
    }

    @Override
    public Optional<Value> read(Key key) {
        Optional<Value> value = inner.read(key);
        if (value.isEmpty() || intact(key, value.get())) {
            return value;
        }
        throw new CorruptionException(key, "The value of key " + key.hex() + " at " + inner + " does not hash to its key: "
                                           + (removesCorrupt ? "that copy was deleted" : "that copy is read-only and was left")
                                           + " and no intact copy was found. Write the value again.");
    }

    /** Whether the value hashes to the key; a corrupt value is closed and deleted (unless behind a read-only location). */
    private boolean intact(Key key, Value value) {
        if (algorithm.matches(key, value, inner)) {
            return true;
        }
        Location.closeQuietly(value);
        if (removesCorrupt) {
            inner.delete(key);
        }
        return false;
    }

    @Override
    public void readBatch(Collection<Key> keys, BiConsumer<Key, Optional<Value>> sink) {
        inner.readBatch(keys, (key, value) -> sink.accept(key, value.filter(v -> intact(key, v))));
    }

    @Override
    public Location withChildren(List<Location> members) {
        return new Verified(members.get(0), algorithm, removesCorrupt);
    }

    @Override
    public String toString() {
        return "verified(" + inner + ")";
    }
}
