package io.tarn.camel.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;

import io.tarn.camel.observe.ObservedLakes;
import io.tarn.lake.Lake;
import io.tarn.location.metrics.LocationStats;
import io.tarn.location.metrics.Metered;

/**
 * Micrometer meters over the counts of each location of each lake, tagged {@code camelContext}, {@code lake} (its
 * name), {@code place} (its place in the tree, e.g. {@code levels[0]:small:caffeine}) and {@code kind} ({@code disk},
 * {@code s3}, ...):
 * <ul>
 * <li>{@code tarn.reads} (tag {@code result}: hit, miss), {@code tarn.writes} (stored, declined),</li>
 * <li>{@code tarn.bytes} (tag {@code direction}: in, out; base unit bytes),</li>
 * <li>{@code tarn.copyups} (tag {@code result}: done, failed), {@code tarn.evictions}, {@code tarn.evicted.bytes},
 * {@code tarn.corrupt},</li>
 * <li>{@code tarn.errors} (tag {@code error}: the kind of error, {@link #ERROR_KINDS} and {@code other} for the
 * rest),</li>
 * <li>timers {@code tarn.read} and {@code tarn.write} (count and total time), for the leaves (a disk, a bucket...).</li>
 * </ul>
 * They read the counters the locations keep anyway ({@link LocationStats}): no work on the path of a read or a write.
 */
public final class TarnMeters implements ObservedLakes.Observer {
    /** The kinds of errors that get a meter whether or not they happened yet. */
    static final List<String> ERROR_KINDS = List.of("LocationException", "CorruptionException", "CollisionException",
            "WriteDeclinedException", "UncheckedIOException");

    private final MeterRegistry registry;
    private final String camelContext;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    /** @param camelContext the name of the CamelContext, a tag of every meter (as camel-micrometer tags its own) */
    public TarnMeters(MeterRegistry registry, String camelContext) {
        this.registry = registry;
        this.camelContext = camelContext;
    }

    /**
     * The meters for the context's MeterRegistry: the only one in its registry (or Spring context), or among several
     * the composite one (Spring Boot's); none when there is none.
     */
    static Optional<ObservedLakes.Observer> of(CamelContext context) {
        Set<MeterRegistry> registries = context.getRegistry().findByType(MeterRegistry.class);
        Optional<MeterRegistry> chosen = registries.size() == 1 ? registries.stream().findFirst()
                : registries.stream().filter(CompositeMeterRegistry.class::isInstance).findFirst();
        return chosen.map(registry -> new TarnMeters(registry, context.getName()));
    }

    @Override
    public void added(String name, Lake lake) {
        for (Metered node : lake.meters()) {
            Tags tags = Tags.of("camelContext", camelContext, "lake", name, "place", node.place(), "kind", node.kind());
            LocationStats stats = node.stats();
            counter("tarn.reads", "Reads of a location", tags.and("result", "hit"), stats, LocationStats::hits, null);
            counter("tarn.reads", "Reads of a location", tags.and("result", "miss"), stats, LocationStats::misses, null);
            counter("tarn.writes", "Writes to a location", tags.and("result", "stored"), stats, LocationStats::stored, null);
            counter("tarn.writes", "Writes to a location", tags.and("result", "declined"), stats, LocationStats::declined,
                    null);
            counter("tarn.bytes", "Bytes of the values stored (in) and read (out)", tags.and("direction", "in"), stats,
                    LocationStats::bytesIn, "bytes");
            counter("tarn.bytes", "Bytes of the values stored (in) and read (out)", tags.and("direction", "out"), stats,
                    LocationStats::bytesOut, "bytes");
            counter("tarn.copyups", "Values copied up into a level", tags.and("result", "done"), stats,
                    LocationStats::copyUpsDone, null);
            counter("tarn.copyups", "Values copied up into a level", tags.and("result", "failed"), stats,
                    LocationStats::copyUpsFailed, null);
            counter("tarn.evictions", "Values evicted to make room", tags, stats, LocationStats::evictions, null);
            counter("tarn.evicted.bytes", "Bytes of the values evicted", tags, stats, LocationStats::evictedBytes, "bytes");
            counter("tarn.corrupt", "Copies found not to hash to their key", tags, stats, LocationStats::corrupt, null);
            for (String kind : ERROR_KINDS) {
                counter("tarn.errors", "Failed operations, by kind of error", tags.and("error", kind), stats,
                        s -> s.errors().getOrDefault(kind, 0L), null);
            }
            counter("tarn.errors", "Failed operations, by kind of error", tags.and("error", "other"), stats,
                    TarnMeters::otherErrors, null);
            if (node.leaf()) {
                timer("tarn.read", "Time spent in reads", tags, stats, s -> s.hits() + s.misses(), LocationStats::readNanos);
                timer("tarn.write", "Time spent in writes", tags, stats, s -> s.stored() + s.declined(),
                        LocationStats::writeNanos);
            }
        }
    }

    private static long otherErrors(LocationStats stats) {
        return stats.errors().entrySet().stream().filter(error -> !ERROR_KINDS.contains(error.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private void counter(String name, String description, Tags tags, LocationStats stats,
                         ToDoubleFunction<LocationStats> count, String unit) {
        meters.add(FunctionCounter.builder(name, stats, count).description(description).tags(tags).baseUnit(unit)
                .register(registry));
    }

    private void timer(String name, String description, Tags tags, LocationStats stats,
                       java.util.function.ToLongFunction<LocationStats> count, ToDoubleFunction<LocationStats> nanos) {
        meters.add(FunctionTimer.builder(name, stats, count, nanos, TimeUnit.NANOSECONDS).description(description)
                .tags(tags).register(registry));
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
