package io.tarn.location;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.Value;

/**
 * Several locations used as one, filled in order: a write goes to the first member that accepts it, a read returns
 * the first hit, delete and touch apply to every member. Python tarn's {@code Fanout}.
 */
public final class Fanout extends Composite {

    public Fanout(List<Location> members) {
        super(members);
    }

    public static Fanout of(Location... members) {
        return new Fanout(List.of(members));
    }

    /** The first hit; a corrupt copy (see {@link Verified}) is skipped, and thrown only when no member has another. */
    @Override
    public Optional<Value> read(Key key) {
        CorruptCopies corrupt = new CorruptCopies();
        for (Location member : children()) {
            Optional<Value> value = corrupt.read(member, key);
            if (value.isPresent()) {
                return value;
            }
        }
        return corrupt.none();
    }

    @Override
    public Location withChildren(List<Location> members) {
        return new Fanout(members);
    }

    @Override
    public boolean contains(Key key) {
        return children().stream().anyMatch(member -> member.contains(key));
    }

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

    @Override
    public boolean delete(Key key) {
        boolean deleted = false;
        for (Location member : children()) {
            deleted |= member.delete(key);
        }
        return deleted;
    }

    @Override
    public boolean touch(Key key) {
        boolean touched = false;
        for (Location member : children()) {
            touched |= member.touch(key);
        }
        return touched;
    }

    @Override
    public Set<String> labels(Key key) {
        return children().stream().filter(m -> m.contains(key)).findFirst().map(m -> m.labels(key)).orElse(Set.of());
    }

    @Override
    public Stream<Entry> contents() {
        return children().stream().flatMap(Location::contents);
    }

    @Override
    public void readBatch(Collection<Key> keys, BiConsumer<Key, Optional<Value>> sink) {
        List<Key> remaining = new ArrayList<>(keys);
        for (Location member : children()) {
            if (remaining.isEmpty()) {
                return;
            }
            List<Key> missed = new ArrayList<>();
            member.readBatch(remaining, (key, value) -> {
                if (value.isPresent()) {
                    sink.accept(key, value);
                } else {
                    missed.add(key);
                }
            });
            remaining = missed;
        }
        remaining.forEach(key -> sink.accept(key, Optional.empty()));
    }
}
