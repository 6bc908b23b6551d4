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
 * A cache hierarchy with copy-on-read, Python tarn's {@code Levels}:
 * <ul>
 * <li>read walks the levels in order; on a hit at level i the value is copied into the first earlier level with
 * {@code replicate} that accepts it, and every later level with {@code touch} is touched;</li>
 * <li>write goes to the first level with {@code write} that accepts;</li>
 * <li>delete applies to the levels with {@code write}; touch to every level.</li>
 * </ul>
 */
public final class Levels extends Composite {
    private final List<Level> levels;

    public Levels(List<Level> levels) {
        super(levels.stream().map(Level::location).toList());
        this.levels = List.copyOf(levels);
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

    /**
     * A corrupt copy at a level (see {@link Verified}: it deletes the copy and throws) is passed over, so the intact
     * copy found below heals it by the usual replication; with no intact copy anywhere the corruption is thrown.
     */
    @Override
    public Optional<Value> read(Key key) {
        Optional<Value> result = Optional.empty();
        CorruptCopies corrupt = new CorruptCopies();
        for (int index = 0; index < levels.size(); index++) {
            Level level = levels.get(index);
            if (result.isEmpty()) {
                Optional<Value> value = corrupt.read(level.location(), key);
                if (value.isPresent()) {
                    result = Optional.of(replicate(key, value.get(), index));
                }
            } else if (level.touch()) {
                level.location().touch(key);
            }
        }
        return result.isPresent() ? result : corrupt.none();
    }

    @Override
    public Location withChildren(List<Location> members) {
        List<Level> rebuilt = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            rebuilt.add(new Level(members.get(i), level.write(), level.replicate(), level.touch(), level.name()));
        }
        return new Levels(rebuilt);
    }

    /** Copies a value found at level {@code index} into the first earlier level that takes it; returns the copy. */
    private Value replicate(Key key, Value value, int index) {
        Set<String> labels = null;
        for (Level level : levels.subList(0, index)) {
            if (!level.replicate()) {
                continue;
            }
            if (labels == null) {
                labels = levels.get(index).location().labels(key);
            }
            Optional<Value> written = level.location().write(key, value, labels);
            if (written.isPresent()) {
                Location.closeQuietly(value);
                return written.get();
            }
        }
        return value;
    }

    @Override
    public boolean contains(Key key) {
        return levels.stream().anyMatch(level -> level.location().contains(key));
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        for (Level level : levels) {
            if (level.write()) {
                Optional<Value> written = level.location().write(key, value, labels);
                if (written.isPresent()) {
                    return written;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean delete(Key key) {
        boolean deleted = false;
        for (Level level : levels) {
            if (level.write()) {
                deleted |= level.location().delete(key);
            }
        }
        return deleted;
    }

    @Override
    public boolean touch(Key key) {
        boolean touched = false;
        for (Level level : levels) {
            touched |= level.location().touch(key);
        }
        return touched;
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

    @Override
    public void readBatch(Collection<Key> keys, BiConsumer<Key, Optional<Value>> sink) {
        List<Key> remaining = new ArrayList<>(keys);
        for (int index = 0; index < levels.size() && !remaining.isEmpty(); index++) {
            int hitLevel = index;
            List<Key> missed = new ArrayList<>();
            levels.get(index).location().readBatch(remaining, (key, value) -> {
                if (value.isEmpty()) {
                    missed.add(key);
                    return;
                }
                Value copy = replicate(key, value.get(), hitLevel);
                try {
                    sink.accept(key, Optional.of(copy));
                } finally {
                    Location.closeQuietly(copy);
                }
            });
            remaining = missed;
        }
        remaining.forEach(key -> sink.accept(key, Optional.empty()));
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
        StringBuilder out = new StringBuilder("levels(");
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            out.append(i == 0 ? "" : ", ");
            boolean plain = level.write() && level.replicate() && !level.touch() && level.name() == null;
            if (plain) {
                out.append(level.location());
            } else {
                out.append("level(").append(level.location())
                        .append(", write=").append(level.write())
                        .append(", replicate=").append(level.replicate())
                        .append(", touch=").append(level.touch());
                if (level.name() != null) {
                    out.append(", name=").append(LocationSpec.quote(level.name()));
                }
                out.append(')');
            }
        }
        return out.append(')').toString();
    }
}
