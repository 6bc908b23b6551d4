package io.tarn.location.combine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.Labelled;
import io.tarn.Value;
import io.tarn.location.Composite;
import io.tarn.location.Entry;
import io.tarn.location.FailureLog;
import io.tarn.location.Location;
import io.tarn.location.OrderedKeys;

/**
 * Several locations used as one, filled in order: a write goes to the first member that accepts it, a read returns
 * the first hit, delete and touch apply to every member. Python tarn's {@code Fanout}. A write rests in one member
 * alone, so a member that may drop values by itself is refused ({@link Durability}).
 */
public final class Fanout extends Composite {
    /** Per member: reads passed over because the member failed. */
    private final List<FailureLog> readFailures;

    public Fanout(List<Location> members) {
        super(members);
        Durability.checkFanout(children());
        List<FailureLog> logs = new ArrayList<>();
        for (int i = 0; i < children().size(); i++) {
            logs.add(new FailureLog("Reading from member " + i + " (" + children().get(i) + ")",
                    "the other members are read instead"));
        }
        this.readFailures = List.copyOf(logs);
    }

    public static Fanout of(Location... members) {
        return new Fanout(List.of(members));
    }

    /**
     * The first hit; a member that fails or holds a corrupt copy (see {@link Verified}) is passed over, and its
     * failure thrown only when no member has the value.
     */
    @Override
    public Optional<Value> read(Key key) {
        return first(key, Location::read);
    }

    /** As {@link #read}, with the labels of the member that served the value. */
    @Override
    public Optional<Labelled> readLabelled(Key key) {
        return first(key, Location::readLabelled);
    }

    private <T> Optional<T> first(Key key, BiFunction<Location, Key, Optional<T>> read) {
        ReadFailures failures = new ReadFailures();
        for (int i = 0; i < children().size(); i++) {
            Optional<T> value = failures.ask(children().get(i), key, readFailures.get(i), read);
            if (value.isPresent()) {
                return value;
            }
        }
        return failures.none();
    }

    @Override
    public Location withChildren(List<Location> members) {
        return new Fanout(members);
    }

    @Override
    public boolean contains(Key key) {
        ReadFailures failures = new ReadFailures();
        for (int i = 0; i < children().size(); i++) {
            if (failures.contains(children().get(i), key, readFailures.get(i))) {
                return true;
            }
        }
        return failures.<Boolean>none().orElse(false);
    }

    /** The first member that accepts it; one that is full or read-only declines, and the next is offered it. */
    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        for (Location member : children()) {
            Optional<Value> written = member.write(key, value, labels);
            if (written.isPresent()) {
                return written;
            }
        }
        return Optional.empty();
    }

    /** Deletes from every member; one that fails does not keep the others from deleting. */
    @Override
    public boolean delete(Key key) {
        return everyMember(children(), member -> member.delete(key));
    }

    @Override
    public boolean touch(Key key) {
        return everyMember(children(), member -> member.touch(key));
    }

    @Override
    public Set<String> labels(Key key) {
        return children().stream().filter(m -> m.contains(key)).findFirst().map(m -> m.labels(key)).orElse(Set.of());
    }

    @Override
    public Stream<Entry> contents() {
        return children().stream().flatMap(Location::contents);
    }

    /** Its members' keys merged, when every member offers them in order ({@link SortedKeys#union}). */
    @Override
    public Optional<OrderedKeys> orderedKeys() {
        return SortedKeys.union(children());
    }

    @Override
    public void readBatch(Collection<Key> keys, BiConsumer<Key, Optional<Value>> sink) {
        List<Key> remaining = List.copyOf(keys);
        ReadFailures failures = new ReadFailures();
        for (int i = 0; i < children().size() && !remaining.isEmpty(); i++) {
            remaining = failures.batch(children().get(i), remaining, readFailures.get(i),
                    (key, value) -> sink.accept(key, Optional.of(value)));
        }
        failures.none(remaining, sink);
    }
}
