package io.tarn.location.combine;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.Labelled;
import io.tarn.LocationException;
import io.tarn.TarnException;
import io.tarn.Value;
import io.tarn.location.Composite;
import io.tarn.location.Entry;
import io.tarn.location.FailureLog;
import io.tarn.location.Location;
import io.tarn.location.OrderedKeys;
import io.tarn.location.eviction.Evictor;

/**
 * A cache hierarchy with copy-on-read, Python tarn's {@code Levels}:
 * <ul>
 * <li>read walks the levels in order; on a hit at level i the value is copied into the first earlier level with
 * {@code replicate} that accepts it, and every later level with {@code touch} is touched (both best effort: a level
 * that fails is logged, never fails the read);</li>
 * <li>write goes to the first level with {@code write} that accepts; a {@code cache=true} level takes no write alone:
 * it gets a copy of what the first level below it that takes writes stored (see {@link #write});</li>
 * <li>delete applies to the levels with {@code write}; touch to every level.</li>
 * </ul>
 * A tree in which a write could come to rest only in a level that evicts or a location that may drop it is refused
 * ({@link Durability}).
 */
public final class Levels extends Composite {
    private final List<Level> levels;
    /** Per level: reads passed over because the level failed, copies into it that failed, touches that failed. */
    private final List<FailureLog> readFailures;
    private final List<FailureLog> copyFailures;
    private final List<FailureLog> touchFailures;
    /** What keeps the bounded levels within their capacity (see {@link Evictor}). */
    private final LevelBounds bounds;

    public Levels(List<Level> levels) {
        super(levels.stream().map(Level::location).toList());
        Durability.checkLevels(levels);
        this.levels = List.copyOf(levels);
        this.readFailures = logs("Reading from", "the lower levels are read instead");
        this.copyFailures = logs("Copying values up into", "reads are served from the level below, and nothing"
                                                            + " partial is left");
        this.touchFailures = logs("Touching values in", "the read goes on");
        this.bounds = new LevelBounds(this.levels);
    }

    private List<FailureLog> logs(String action, String consequence) {
        List<FailureLog> logs = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            logs.add(new FailureLog(action + " level " + i + " (" + levels.get(i).location() + ")", consequence));
        }
        return List.copyOf(logs);
    }

    /** Levels with tarn's default flags (write, replicate, no touch) for every location. */
    public static Levels of(Location... locations) {
        return new Levels(Stream.of(locations).map(Level::of).toList());
    }

    public static Levels ofLevels(Level... levels) {
        return new Levels(List.of(levels));
    }

    public List<Level> levels() {
        return levels;
    }

    /** Its levels, each named by its {@code name=}, cache levels holding copies of what the levels below keep. */
    @Override
    public List<Member> members() {
        return levels.stream().map(level -> new Member(level.location(),
                level.name() == null ? Set.of() : Set.of(level.name()), level.isCache())).toList();
    }

    /**
     * A level that fails or holds a corrupt copy (see {@link Verified}: it deletes the copy and throws) is passed over,
     * so an intact copy found below is returned and heals the upper levels by the usual replication; with no copy
     * anywhere the failure is thrown. Copying up and touching are best effort: their failures are logged once per
     * outage and never fail the read.
     * <p>
     * The value handed out is held by the level it comes from until it is closed: a disk level holds its key in use,
     * so no eviction or gc of any process removes it meanwhile (see {@link Evictor}).
     */
    @Override
    public Optional<Value> read(Key key) {
        return walk(key, false).map(Labelled::value);
    }

    /** As {@link #read}, with the labels of the level that served the value: they go up with the copy. */
    @Override
    public Optional<Labelled> readLabelled(Key key) {
        return walk(key, true);
    }

    /** A read; without {@code labels}, the labels are asked of the serving level only if a copy up needs them. */
    private Optional<Labelled> walk(Key key, boolean labels) {
        Optional<Labelled> result = Optional.empty();
        ReadFailures failures = new ReadFailures();
        for (int index = 0; index < levels.size(); index++) {
            Level level = levels.get(index);
            if (result.isEmpty()) {
                Optional<Labelled> hit = failures.ask(level.location(), key, readFailures.get(index),
                        labels ? Location::readLabelled : (at, k) -> at.read(k).map(v -> new Labelled(v, Set.of())));
                if (hit.isPresent()) {
                    used(index, key);
                    Set<String> kept = labels ? hit.get().labels() : null;
                    Value found = bounds.handedOut(index, hit.get().value());
                    result = Optional.of(new Labelled(replicate(key, found, kept, index, false), hit.get().labels()));
                }
            } else if (level.touch()) {
                touch(key, index);
            }
        }
        return result.isPresent() ? result : failures.none();
    }

    private void touch(Key key, int index) {
        try {
            if (levels.get(index).location().touch(key)) {
                used(index, key);
            }
            touchFailures.get(index).worked();
        } catch (TarnException e) {
            touchFailures.get(index).failed("key " + key.hex(), e);
        }
    }

    @Override
    public Location withChildren(List<Location> members) {
        List<Level> rebuilt = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            rebuilt.add(levels.get(i).withLocation(members.get(i)));
        }
        return new Levels(rebuilt);
    }

    /**
     * Where a value written to this tree may be staged: the levels that hold writes, in order (a write is stored there
     * first), then the {@code cache=true} levels that get a copy.
     */
    @Override
    public List<Path> spoolFolders() {
        return Stream.concat(levels.stream().filter(Level::holdsWrites), levels.stream().filter(Level::copiesWrites))
                .flatMap(level -> level.location().spoolFolders().stream()).toList();
    }

    /**
     * Copies a value found at level {@code index} into the first earlier level that takes it; returns the copy, or
     * the value itself when no level took it. A level that fails (full, read-only, unreachable, an I/O error, a
     * foreign file in the way) is logged and passed over like one that declines; the value stays re-readable, so
     * the next level is offered it.
     *
     * @param labels the value's labels, or null to ask level {@code index} for them if a copy is made
     * @param marked whether a value no level took is to be handed on as a {@link NotCopiedUp} (fetch)
     */
    private Value replicate(Key key, Value value, Set<String> labels, int index, boolean marked) {
        Copy copy = copyUp(key, value, labels, index, Level::replicate);
        if (copy.stored() != null) {
            Location.closeQuietly(value);
            return copy.stored();
        }
        return marked && copy.offered() ? new NotCopiedUp(value, copy.failure()) : value;
    }

    /** What {@link #copyUp} did: the copy a level stored (or null), whether a level was offered it, the first failure. */
    private record Copy(Value stored, boolean offered, TarnException failure) {
    }

    /**
     * Offers a value found or stored at level {@code index} to the earlier levels {@code into} selects, in order, until
     * one stores it. Best effort: a level that fails is logged and passed over like one that declines.
     *
     * @param labels the value's labels, or null to ask level {@code index} for them
     */
    private Copy copyUp(Key key, Value value, Set<String> labels, int index, Predicate<Level> into) {
        TarnException failure = null;
        boolean offered = false;
        for (int upper = 0; upper < index; upper++) {
            Level level = levels.get(upper);
            if (!into.test(level)) {
                continue;
            }
            offered = true;
            try {
                if (labels == null) {
                    labels = levels.get(index).location().labels(key);
                }
                Optional<Value> written = bounds.copyInto(upper, level.location(), key, value, labels);
                copyFailures.get(upper).worked();
                if (written.isPresent()) {
                    level.location().events().copiedUp(true);
                    return new Copy(written.get(), true, null);
                }
            } catch (TarnException | UncheckedIOException e) {
                TarnException reason = e instanceof TarnException tarn ? tarn
                        : new LocationException("Could not copy key " + key.hex() + " into " + level.location() + ": "
                                                + e.getMessage(), e);
                copyFailures.get(upper).failed("key " + key.hex(), reason);
                level.location().events().copiedUp(false);
                failure = failure == null ? reason : failure;
            }
        }
        return new Copy(null, offered, failure);
    }

    /** What keeps the level within its capacity, when it has one (and its location lists usage). */
    public Optional<Evictor> evictor(int index) {
        return bounds.evictor(index);
    }

    @Override
    public boolean contains(Key key) {
        ReadFailures failures = new ReadFailures();
        for (int index = 0; index < levels.size(); index++) {
            if (failures.contains(levels.get(index).location(), key, readFailures.get(index))) {
                return true;
            }
        }
        return failures.<Boolean>none().orElse(false);
    }

    /**
     * Stores the value in the first level that takes writes and is not a cache ({@link Level#holdsWrites()}) and that
     * accepts it, then offers a copy to the {@code cache=true} levels above that one ({@link Level#copiesWrites()}),
     * first that takes it, as a read copies up: best effort (a cache that fails is logged and never fails the write) and
     * counted against the cache's capacity. Declined when no level that holds writes accepts it, even if a cache would:
     * a write is acknowledged only once a level that keeps it holds it.
     * <p>
     * Durable first, then the cache: a process that dies between the two leaves the value where it is kept and no
     * copy, which the next read copies up; the other order could leave the cache holding a value that nothing durable
     * holds, which readers would be handed and which the cache may then drop (or, bounded, never evict: no level below
     * confirms it).
     */
    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        for (int index = 0; index < levels.size(); index++) {
            Level level = levels.get(index);
            if (level.holdsWrites()) {
                Optional<Value> written = level.location().write(key, value, labels);
                if (written.isPresent()) {
                    bounds.stored(index, key, written.get());
                    Copy copy = copyUp(key, value, labels, index, Level::copiesWrites);
                    if (copy.stored() != null) {
                        Location.closeQuietly(copy.stored());
                    }
                    return written;
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a level that may hold the only copy of a write may drop it (never, once built: {@link Durability}). */
    @Override
    public boolean mayDropWrites() {
        return levels.stream().filter(Level::holdsWrites).anyMatch(level -> level.location().mayDropWrites());
    }

    /**
     * Whether a write keeps its labels where a read finds them: every level a write may rest in keeps labels
     * ({@link Level#holdsWrites()}), and so does every level above the last of those that gets copies (of a write, as
     * a cache does, or of a read): a read is served by the first level holding the key, with that level's labels. A
     * level whose write level keeps none drops them even if a lower level keeps them.
     */
    @Override
    public boolean keepsLabels() {
        int last = -1;
        for (int index = 0; index < levels.size(); index++) {
            last = levels.get(index).holdsWrites() ? index : last;
        }
        for (Level level : levels.subList(0, last + 1)) {
            boolean gets = level.holdsWrites() || level.copiesWrites() || level.replicate();
            if (gets && !level.location().keepsLabels()) {
                return false;
            }
        }
        return true;
    }

    /** Deletes from every level that takes writes; one that fails does not keep the others from deleting. */
    @Override
    public boolean delete(Key key) {
        return everyMember(levels.stream().filter(Level::write).map(Level::location).toList(), m -> m.delete(key));
    }

    /** Touches every level; a bounded level that holds the key counts the touch as a use ({@link Evictor#used}). */
    @Override
    public boolean touch(Key key) {
        int[] next = {0};
        return everyMember(children(), m -> {
            int index = next[0]++;
            boolean found = m.touch(key);
            if (found) {
                used(index, key);
            }
            return found;
        });
    }

    /** A use of the key at a level: a bounded level's evictor keeps it in its recency index. */
    private void used(int index, Key key) {
        bounds.used(index, key);
    }

    @Override
    public Set<String> labels(Key key) {
        for (Level level : levels) {
            if (level.location().contains(key)) {
                return level.location().labels(key);
            }
        }
        return Set.of();
    }

    @Override
    public Stream<Entry> contents() {
        return levels.stream().flatMap(level -> level.location().contents());
    }

    /** Its members' keys merged, when every member offers them in order ({@link SortedKeys#union}). */
    @Override
    public Optional<OrderedKeys> orderedKeys() {
        return SortedKeys.union(children());
    }

    /**
     * Reads level by level, asking each only for the keys the levels above did not have; copies up as {@link #read}
     * does, a failed copy reaching the sink as a {@link NotCopiedUp}. A level that fails is passed over for the keys
     * it had not answered; the failure is thrown only if some key is found nowhere.
     */
    @Override
    public void readBatch(Collection<Key> keys, BiConsumer<Key, Optional<Value>> sink) {
        List<Key> remaining = List.copyOf(keys);
        ReadFailures failures = new ReadFailures();
        for (int index = 0; index < levels.size() && !remaining.isEmpty(); index++) {
            int hitLevel = index;
            remaining = failures.batch(levels.get(index).location(), remaining, readFailures.get(index), (key, value) -> {
                used(hitLevel, key);
                Value copy = replicate(key, bounds.handedOut(hitLevel, value), null, hitLevel, true);
                try {
                    sink.accept(key, Optional.of(copy));
                } finally {
                    Location.closeQuietly(copy);
                }
            });
        }
        failures.none(remaining, sink);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Levels other && other.levels.equals(levels);
    }

    @Override
    public int hashCode() {
        return levels.hashCode();
    }

    @Override
    public String toString() {
        return levels.stream().map(Level::spec).collect(Collectors.joining(", ", "levels(", ")"));
    }
}
