package io.tarn.location;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.Labelled;
import io.tarn.LocationException;
import io.tarn.Value;

/**
 * Stores values under keys. The semantics are Python tarn's {@code Location}:
 * <ul>
 * <li>{@link #read} gives the value or empty (not here, or unreachable);</li>
 * <li>{@link #write} gives the stored value, or empty when this location declines it (read-only, full, too big,
 * unreachable) so that the caller tries the next one; an existing key must hold the same bytes, else
 * {@link io.tarn.CollisionException};</li>
 * <li>{@link #delete} and {@link #touch} say whether the key was there.</li>
 * </ul>
 * A value handed to {@link #write} is re-readable ({@link Value#open()} may be called again), so a location may read
 * it as often as it needs. Values returned by {@link #read} are closed by the caller.
 */
public interface Location extends Closeable {

    Optional<Value> read(Key key);

    /**
     * The whole value at once, as bytes (a small value wanted whole, such as a memo index entry), or empty: what
     * {@link #read} followed by reading the value whole gives, with the same effects (a use recorded, a copy into upper
     * levels); a location may do it with less work than that.
     *
     * @throws LocationException when the value cannot be read
     */
    default Optional<byte[]> readWhole(Key key) {
        Optional<Value> value = read(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try (Value v = value.get(); InputStream in = v.open()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new LocationException("Cannot read " + key.hex() + " from " + this + ": " + e, e);
        }
    }

    Optional<Value> write(Key key, Value value, Set<String> labels);

    boolean delete(Key key);

    /**
     * Deletes the copy of {@code key} here because it was found not to hash to the key (by {@code verify} or a
     * verified read). A location that can check again at the moment of deletion does, so that a copy healed or written
     * again since it was hashed is kept (a disk does, under the lock its writers take); the others delete it.
     *
     * @return whether a copy was deleted
     */
    default boolean deleteCorrupt(Key key, HashAlgorithm algorithm) {
        return delete(key);
    }

    /**
     * This location's keys in ascending order, walked in memory bounded by less than their number, where it can (a disk
     * lake walks its folders in order; a combinator whose contents are its members' merges theirs when each offers
     * it); empty elsewhere: a listing then sorts {@link #contents()}.
     */
    default Optional<OrderedKeys> orderedKeys() {
        return Optional.empty();
    }

    /**
     * The values put in this location, followed from a durable position, where it offers that without a walk of the
     * whole location per poll (a disk lake: its change journal, and full scans for what the journal does not hold);
     * meters and verified reads offer their member's; combinators and other wrappers none, as a wrapper may change
     * what it holds (a consumer then walks {@link #contents()}).
     */
    default Optional<Changes> changes() {
        return Optional.empty();
    }

    /**
     * The lake this location keeps beside itself for one of camel-tarn's tools (the memo index: {@code "memo"}): a disk
     * lake opens, or creates with Python tarn's default config, the lake in its folder's {@code tools/<tool>}.
     * Combinators and wrappers give the first one of their members, depth first; locations without a folder (remote,
     * in memory) none.
     *
     * @param create whether a lake that only its first write creates (a disk folder without a lake yet) is created
     *               now for it; else such a location fails with a {@link io.tarn.LakeNotFoundException}
     */
    default Optional<Location> companion(String tool, boolean create) {
        for (Location child : children()) {
            Optional<Location> found = child.companion(tool, create);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The local file that holds the key's value here, or would hold it, where this location keeps values in local
     * files (a disk lake; wrappers answer for their member); empty elsewhere (combinators, remote and in-memory
     * locations). A path only: nothing is read, marked used or held. To hand a file out, read it through the lake
     * ({@link io.tarn.lake.Lake#localFile}), which counts the read and holds the value until it is closed.
     */
    default Optional<Path> localFile(Key key) {
        return Optional.empty();
    }

    /**
     * What to do so that this location records uses ({@link #recordsUse()}), when it records none and its user can
     * change that (a disk lake: add {@code usage: StatUsage} to its config.yml, or why it cannot, read-only); empty
     * when nothing would (Caffeine, Redis, a remote leaf). Combinators and wrappers give their first member's, depth
     * first.
     */
    default Optional<String> howToRecordUse() {
        return children().stream().map(Location::howToRecordUse).flatMap(Optional::stream).findFirst();
    }

    /**
     * Where this node of a tree tells what happens at it, beyond its answers (a value copied up into it, evicted from
     * it): its counts when the tree is metered, else {@link LocationEvents#NONE}.
     */
    default LocationEvents events() {
        return LocationEvents.NONE;
    }

    /** Updates the usage date of the key. */
    boolean touch(Key key);

    /** Every key stored here (combinators: in every member). */
    Stream<Entry> contents();

    /** Whether the key is stored here, without copying it anywhere. */
    default boolean contains(Key key) {
        Optional<Value> value = read(key);
        value.ifPresent(Location::closeQuietly);
        return value.isPresent();
    }

    /** The labels stored with the key; empty when there are none or this location keeps none. */
    default Set<String> labels(Key key) {
        return Set.of();
    }

    /**
     * The value with the labels stored with it, or empty: what {@link #read} then {@link #labels} give, in one walk,
     * the labels those of the location that served the value (a combinator asks only that member, and a copy up takes
     * them along). A leaf reads both here; wrappers and combinators pass the call down (a wrapper that changes
     * {@link #read} changes this too). The caller closes the value.
     */
    default Optional<Labelled> readLabelled(Key key) {
        Optional<Value> value = read(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Labelled(value.get(), labels(key)));
        } catch (RuntimeException e) {
            closeQuietly(value.get());
            throw e;
        }
    }

    /**
     * Whether every write this location acknowledges keeps its labels where a later read finds them: a disk lake whose
     * config.yml says {@code labels: JsonLabels}, Redis with {@code keepLabels=true}, S3, Caffeine. A location that
     * keeps labels says so: the default is false, and a lake that answers false is checked after each labelled write
     * until it drops some (a warning). Leaves answer from their configuration, without a call; one that takes no write
     * ({@code readonly}, HTTP, a read-only disk) drops none and says true. Wrappers answer for their member,
     * {@code fanout} whether every member does, {@code levels} whether every level a write may rest in does and every
     * level above those that gets copies (a read is served by the first level that holds the key, with its labels).
     */
    default boolean keepsLabels() {
        return false;
    }

    /**
     * Whether a use of a value here (a read, a write, a touch), by any process, leaves a mark that {@link #lastUsed}
     * reads: a disk lake whose config.yml keeps usage marks ({@code usage: StatUsage}) does. gc by age goes by these
     * marks, so it refuses a location that records no use, and one that is read after it (its hits would hide uses).
     * Combinators: whether any member does (a touch of the tree then records the use there).
     */
    default boolean recordsUse() {
        return false;
    }

    /** When the key was last used, when this location tracks usage. */
    default Optional<Instant> lastUsed(Key key) {
        return Optional.empty();
    }

    /**
     * What eviction and gc need (sizes and last uses, a delete that keeps what was used since), where this location
     * offers it; wrappers offer their member's, combinators none (eviction and gc work leaf by leaf).
     */
    default Optional<Evictable> evictable() {
        return Optional.empty();
    }

    /**
     * Reads several keys. The sink sees every key once, with its value or empty; the value is closed after the sink
     * returns. Remote locations may override this to pipeline.
     */
    default void readBatch(Collection<Key> keys, BiConsumer<Key, Optional<Value>> sink) {
        for (Key key : keys) {
            Optional<Value> value = read(key);
            try {
                sink.accept(key, value);
            } finally {
                value.ifPresent(Location::closeQuietly);
            }
        }
    }

    /** The hash algorithm this location is configured for (a disk lake's {@code hash:}), if any. */
    default Optional<HashAlgorithm> algorithm() {
        return Optional.empty();
    }

    /**
     * Whether a write this location acknowledged may be gone later without anyone deleting it: true for a location that
     * drops values by itself (an in-memory cache that evicts and dies with the process, a Redis whose keys expire),
     * false for one that keeps what it stored until it is deleted (a disk, S3, SFTP). Such a location must never hold
     * the only copy of an acknowledged write: {@link io.tarn.location.combine.Levels}, {@link io.tarn.location.combine.Fanout} and {@link io.tarn.lake.Lake} refuse a tree in
     * which it could ({@link io.tarn.location.combine.Durability}). Wrappers answer for their member ({@code readonly} says false: it
     * acknowledges no write), combinators for the members a write may come to rest in.
     */
    default boolean mayDropWrites() {
        return false;
    }

    /**
     * The locks this location shares with other processes, when it has a lock server: a Redis location, a disk lake
     * whose config.yml names a {@code RedisLocker}. Wrappers ({@code small}, {@code readonly}) offer their member's;
     * {@code levels} and {@code fanout} have none. A caller locking keys of its own (not this location's values)
     * must keep them apart from the keys this location locks for its own reads and writes.
     */
    default Optional<Locker> locker() {
        return Optional.empty();
    }

    /**
     * Re-hashes every value stored here with {@code algorithm}, deletes those that do not hash to their key, clears
     * stale temporary files (a disk location's {@code .tmp/}: those older than a grace period, or all of them with
     * {@link VerifyOptions#allTemporaryFiles()}), and reports foreign entries (removed with
     * {@link VerifyOptions#removeForeign()}). Never fails on an entry that vanishes while it is looked at. Combinators
     * verify each member.
     */
    default VerifyReport verify(HashAlgorithm algorithm, VerifyOptions options) {
        if (children().isEmpty()) {
            return VerifyReport.walk(this, algorithm, !options.reportOnly());
        }
        return children().stream().map(child -> child.verify(algorithm, options))
                .reduce(VerifyReport.EMPTY, VerifyReport::plus);
    }

    /**
     * Folders where a value about to be written here can be staged so that storing it is a rename: those of the
     * local disks that may take the write, in the order they are offered it. Read-only locations, levels that take no
     * writes and remote locations have none.
     */
    default List<Path> spoolFolders() {
        return children().stream().flatMap(child -> child.spoolFolders().stream()).toList();
    }

    /**
     * The same combinator over other members (same order and flags), for wrapping every leaf of a tree; a leaf returns
     * itself.
     */
    default Location withChildren(List<Location> members) {
        if (children().isEmpty()) {
            return this;
        }
        throw new UnsupportedOperationException(getClass().getName() + " cannot be rebuilt over other members");
    }

    /**
     * The members the walks that go leaf by leaf (gc) go down to, each with what this node says of it: a combinator's
     * ({@code levels}: each with its level's {@code name=} and whether it is a cache level), and the one member of a
     * node that only observes it (a meter, named by its place in the tree; a verified read). None for a leaf, and for
     * a wrapper that stands for its member as a whole ({@code readonly(...)} lets gc through to nothing,
     * {@code small(...)} is collected as itself).
     */
    default List<Member> members() {
        return List.of();
    }

    /**
     * A member as its combinator places it.
     *
     * @param names       what the combinator calls it (a level's {@code name=}, a meter's place); the names of the
     *                    leaves below it, for the user who chooses where to act (gc's {@code gcLocations})
     * @param holdsCopies whether it holds copies of what other members keep (a cache level), which go with them
     */
    record Member(Location location, Set<String> names, boolean holdsCopies) {
        public Member {
            names = Set.copyOf(names);
        }
    }

    /**
     * The names a user may give this location by when choosing where to act (gc's {@code gcLocations}): its spec
     * text, as it prints and unquoted; a disk lake's also its folder.
     */
    default Set<String> names() {
        return Set.copyOf(List.of(toString(), SpecText.unquote(toString())));
    }

    /** The locations this one is made of (combinators); leaves have none. */
    default List<Location> children() {
        return List.of();
    }

    @Override
    default void close() throws IOException {
        for (Location child : children()) {
            child.close();
        }
    }

    /** Closes a value, turning a failure into a {@link LocationException}. */
    static void closeQuietly(Value value) {
        try {
            value.close();
        } catch (IOException e) {
            throw new LocationException("Could not release a value: " + e.getMessage(), e);
        }
    }
}
