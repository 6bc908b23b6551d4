package io.tarn.reliability.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;

import io.tarn.Key;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnEndpoint;
import io.tarn.camel.backend.memory.CaffeineLocation;
import io.tarn.lake.Lake;
import io.tarn.location.Evictable;
import io.tarn.location.Location;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.eviction.Evictor;

/**
 * A lake as a Camel application has it: a CamelContext, the {@code tarn} component parsing the spec (remote leaves
 * through their Camel transports), and the lake of an endpoint naming that tree. Both processes of the model open
 * their lake this way; a restart closes the context (and with it the tree) and opens a new one. Also what the checks
 * need to see of the tree without using any value: its leaves, which of them keep a value durably, its bounded
 * levels.
 */
final class Rig implements AutoCloseable {
    /** A leaf of the tree, and whether a value there is kept: not in memory (Caffeine), not in an evicting level. */
    record Leaf(Location location, boolean durable) {
    }

    /** A level with a capacity, and what keeps it there. */
    record Bounded(Location location, Evictor evictor) {
        @Override
        public String toString() {
            return evictor.toString();
        }
    }

    final String spec;
    private final CamelContext context;
    final Lake lake;
    final List<Leaf> leaves;
    final List<Bounded> bounded;

    private Rig(String spec, CamelContext context, Lake lake) {
        this.spec = spec;
        this.context = context;
        this.lake = lake;
        this.leaves = new ArrayList<>();
        this.bounded = new ArrayList<>();
        walk(lake.location(), true);
    }

    /**
     * Opens the lake of {@code spec}. A spec the parser (or the tree) refuses throws what it threw, with the
     * context closed.
     */
    static Rig open(String spec) {
        CamelContext context = new DefaultCamelContext();
        try {
            context.start();
            TarnComponent tarn = context.getComponent("tarn", TarnComponent.class);
            Location tree = tarn.parseSpec(spec);
            context.getRegistry().bind("modelTree", tree);
            TarnEndpoint endpoint = context.getEndpoint("tarn:model?location=#modelTree", TarnEndpoint.class);
            ServiceHelper.startService(endpoint);
            return new Rig(spec, context, endpoint.getLake());
        } catch (RuntimeException | Error e) {
            closeQuietly(context);
            throw e;
        }
    }

    private void walk(Location node, boolean durable) {
        if (node instanceof Levels levels) {
            for (int i = 0; i < levels.levels().size(); i++) {
                Level level = levels.levels().get(i);
                int index = i;
                levels.evictor(i).ifPresent(evictor -> bounded.add(new Bounded(levels.levels().get(index).location(),
                        evictor)));
                walk(level.location(), durable && level.capacity() == null);
            }
        } else if (node.children().isEmpty()) {
            leaves.add(new Leaf(node, durable && !(node instanceof CaffeineLocation)));
        } else {
            node.children().forEach(child -> walk(child, durable));
        }
    }

    /** Whether a leaf that keeps values durably holds the key (asked without using it). */
    boolean durableCopy(Key key) {
        return leaves.stream().filter(Leaf::durable).anyMatch(leaf -> leaf.location().contains(key));
    }

    /** The leaves that hold the key, for messages. */
    List<String> holders(Key key) {
        return leaves.stream().filter(leaf -> leaf.location().contains(key))
                .map(leaf -> leaf.location() + (leaf.durable() ? "" : " (volatile or evicting)")).toList();
    }

    /** Whether the tree has a leaf that keeps values durably at all. */
    boolean hasDurableLeaf() {
        return leaves.stream().anyMatch(Leaf::durable);
    }

    /**
     * Makes the value look last used at {@code when} in every disk leaf: its usage mark, as Python tarn's StatUsage
     * keeps it, and its file (what a lake that keeps no marks goes by). Remote and in-memory leaves cannot be aged;
     * gc does not look at them.
     */
    void age(Key key, Instant when) {
        FileTime time = FileTime.from(when);
        for (Leaf leaf : leaves) {
            if (leaf.location() instanceof DiskLocation disk) {
                Path mark = disk.root().resolve("tools/usage").resolve(key.hex().substring(0, 2))
                        .resolve(key.hex().substring(2));
                for (Path path : List.of(disk.pathOf(key), mark)) {
                    try {
                        Files.setLastModifiedTime(path, time);
                    } catch (IOException e) {
                        // not there: nothing to age
                    }
                }
            }
        }
    }

    /**
     * What a bounded level holds that it may evict: values (and their bytes) of which a location that keeps values
     * durably holds a copy too, counted without using any. A value the level holds alone is never evicted (it is
     * counted in {@link Evictor.Stats#keptAsOnlyCopy()}); whether that may happen at all is what
     * {@link Invariant#DURABLE_COPY} checks.
     */
    long[] evictable(Bounded level) {
        Evictable usage = level.location().evictable().orElseThrow();
        long values = 0;
        long bytes = 0;
        try (Stream<Evictable.Stored> stored = usage.stored()) {
            for (Evictable.Stored value : (Iterable<Evictable.Stored>) stored::iterator) {
                if (durableCopy(value.key())) {
                    values++;
                    bytes += value.size();
                }
            }
        }
        return new long[] { values, bytes };
    }

    /** Runs an eviction batch in every bounded level; the number of values evicted. */
    long evict() {
        return bounded.stream().mapToLong(level -> level.evictor().evict(null)).sum();
    }

    @Override
    public void close() {
        closeQuietly(context);
    }

    private static void closeQuietly(CamelContext context) {
        try {
            context.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not close the CamelContext of the lake: " + e, e);
        }
    }

    @Override
    public String toString() {
        return spec;
    }
}
