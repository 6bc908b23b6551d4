package io.tarn.location.combine;

import java.nio.file.NoSuchFileException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import io.tarn.CorruptionException;
import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.Labelled;
import io.tarn.LocationException;
import io.tarn.TarnException;
import io.tarn.Value;
import io.tarn.location.Changes;
import io.tarn.location.ForwardingLocation;
import io.tarn.location.Location;
import io.tarn.location.LocationEvents;
import io.tarn.location.VerifyReport;

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
public final class Verified extends ForwardingLocation implements LocationEvents.Source {
    private final HashAlgorithm algorithm;
    /** False behind a {@link ReadOnly}: a corrupt copy there is passed over but left in place. */
    private final boolean removesCorrupt;
    /** Told of every corrupt copy found (the counts of its place, when the tree is {@link io.tarn.location.metrics.Metered}). */
    private volatile LocationEvents events = LocationEvents.NONE;

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

    /**
     * Hashes the key's copy in every leaf of the tree and deletes each that does not hash to the key, as a verified
     * read does (a disk checks again under the lock its writers take, so a copy written again meanwhile stays); leaves
     * under a {@link ReadOnly} keep theirs.
     *
     * @return how many copies were found not to hash to the key
     */
    public static int removeCorruptCopies(Location tree, Key key, HashAlgorithm algorithm) {
        return corruptCopies(everyLeaf(tree, algorithm), key);
    }

    private static int corruptCopies(Location node, Key key) {
        if (node instanceof Verified leaf) {
            try {
                leaf.read(key).ifPresent(Location::closeQuietly);
                return 0;
            } catch (CorruptionException e) {
                return 1;
            }
        }
        int found = 0;
        for (Location child : node.children()) {
            found += corruptCopies(child, key);
        }
        return found;
    }

    /**
     * The value if it hashes to the key; empty when it vanished while it was hashed (a concurrent verify or verified
     * reader removed it as corrupt, or it was deleted): a miss here, so Levels and Fanout read the next copy.
     */
    @Override
    public Optional<Value> read(Key key) {
        Optional<Value> value = inner.read(key);
        return value.isEmpty() ? value : checked(key, value.get());
    }

    /** The value if it hashes to the key, empty if it vanished meanwhile; a corrupt copy is removed and thrown. */
    private Optional<Value> checked(Key key, Value value) {
        Optional<Boolean> intact = VerifyReport.hashes(key, value, algorithm, inner);
        if (intact.isEmpty() || intact.get()) {
            return intact.isEmpty() ? Optional.empty() : Optional.of(value);
        }
        throw new CorruptionException(key, "The value of key " + key.hex() + " at " + inner + " does not hash to its key: "
                                           + removeCorrupt(key) + " and no intact copy was found. Write the value again.");
    }

    /** The value with its labels, if it hashes to the key (as {@link #read}). */
    @Override
    public Optional<Labelled> readLabelled(Key key) {
        Optional<Labelled> read = inner.readLabelled(key);
        if (read.isEmpty()) {
            return read;
        }
        Optional<Value> value = checked(key, read.get().value());
        return value.isEmpty() ? Optional.empty() : read;
    }

    @Override
    public void observe(LocationEvents observer) {
        this.events = observer;
        if (inner instanceof LocationEvents.Source source) {
            source.observe(observer);
        }
    }

    /** Deletes a corrupt copy where that is allowed; says what became of it. A copy that cannot go is left. */
    private String removeCorrupt(Key key) {
        events.corrupt(1);
        if (!removesCorrupt) {
            return "that copy is read-only and was left";
        }
        try {
            return inner.deleteCorrupt(key, algorithm) ? "that copy was deleted"
                    : "that copy was healed or written again meanwhile and was kept";
        } catch (TarnException e) {
            return "that copy could not be deleted (" + e.getMessage() + ")";
        }
    }

    /** A corrupt copy is a miss (deleted unless read-only), so that the lower levels heal it; so is a vanished one. */
    @Override
    public void readBatch(Collection<Key> keys, BiConsumer<Key, Optional<Value>> sink) {
        inner.readBatch(keys, (key, value) -> sink.accept(key, value.filter(v -> {
            Optional<Boolean> intact = VerifyReport.hashes(key, v, algorithm, inner);
            if (intact.isPresent() && !intact.get()) {
                removeCorrupt(key);
            }
            return intact.orElse(false);
        })));
    }

    /** The location it reads: gc goes through verified reads (they change nothing of what is where). */
    @Override
    public List<Member> members() {
        return List.of(new Member(inner, Set.of(), false));
    }

    /** The changes of the location it reads: it holds what that location holds. */
    @Override
    public Optional<Changes> changes() {
        return inner.changes();
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
