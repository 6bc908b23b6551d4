package io.tarn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.camel.CamelContext;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.camel.backend.memory.CaffeineLocation;
import io.tarn.camel.backend.redis.RedisLocation;
import io.tarn.camel.backend.redis.RedisSettings;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.combine.Small;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.metrics.Metered;

/**
 * {@code bin/bench --meters}: what the meters of a lake cost on the read paths of P3 (1 KiB values through
 * Levels(Small(Caffeine), disk), Lake API) and P6 (the Redis location), the same lake with and without
 * {@link Lake#metered()}, interleaved in the same rounds; and the share of reads each level of a three-level lake
 * serves over a run of skewed reads, read from the meters and plotted ({@code img/observability-hit-ratio.png}).
 * Writes its block of {@code observability.md}.
 * <p>
 * Usage: {@code MeterFigures [--smoke] [--out src-docs] [--work DIR]}
 */
public final class MeterFigures {
    static final String BEGIN = "<!-- meter figures: begin (bin/bench --meters) -->";
    static final String END = "<!-- meter figures: end -->";
    static final String PLOT = "img/observability-hit-ratio.png";

    /**
     * Median nanoseconds per read without and with meters, and the quartiles of the ratio of the two in each round (on
     * a shared machine the load drifts between rounds: a ratio within a round is steadier than either time).
     */
    record Overhead(String figure, double plainNanos, double meteredNanos, double ratio, double lowRatio, double highRatio) {
    }

    private MeterFigures() {
    }

    public static void main(String[] args) throws Exception {
        Bench.Args a = Bench.Args.parse("MeterFigures", args);
        run(a.smoke(), a.out(), a.work().resolve("meters"));
    }

    static List<Overhead> run(boolean smoke, Path out, Path work) throws Exception {
        Measure.removeTree(work);
        Files.createDirectories(work);
        long started = System.nanoTime();
        try (CamelContext camel = RouteFigures.context()) {
            camel.start();
            int values = smoke ? 100 : 2_000;
            int rounds = smoke ? 2 : 100;
            List<Overhead> overheads = new ArrayList<>();
            DiskLocation disk = DiskLocation.open(work.resolve("p3"));
            overheads.add(overhead("P3: read a 1 KiB value through Levels(Small(Caffeine), disk), Lake API",
                    LakeBenchmarks.memoryOverDisk(camel, disk), values, rounds));
            try (RedisProcess server = new RedisProcess()) {
                overheads.add(overhead("P6: read a 1 KiB value through the Redis location, Lake API",
                        new RedisLocation(camel, RedisSettings.of("127.0.0.1", server.port())), values, rounds));
            }
            List<List<double[]>> shares = hitRatio(camel, work.resolve("levels"), smoke);
            write(out, overheads, shares, smoke, (System.nanoTime() - started) / 1e9);
            return overheads;
        } finally {
            Measure.removeTree(work);
        }
    }

    /** The same reads through the lake and through the lake with meters, alternating, after a round that warms both. */
    private static Overhead overhead(String figure, Location location, int values, int rounds) throws Exception {
        Lake plain = new Lake(location);
        Lake metered = plain.metered();
        Key[] keys = new Key[values];
        for (int i = 0; i < values; i++) {
            keys[i] = plain.write(Measure.value(40, i, RouteFigures.SIZE));
        }
        List<Long> without = new ArrayList<>();
        List<Long> with = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < rounds + 5; round++) {
            // which one goes first alternates, so that neither always reads what the other just warmed
            Lake first = round % 2 == 0 ? plain : metered;
            Lake second = first == plain ? metered : plain;
            long a = readAll(first, keys);
            long b = readAll(second, keys);
            if (round >= 5) {
                // five rounds fill the memory level and warm the JIT
                long p = first == plain ? a : b;
                long m = first == plain ? b : a;
                without.add(p);
                with.add(m);
                ratios.add(m / (double) p);
            }
        }
        location.close();
        ratios.sort(null);
        return new Overhead(figure, Measure.median(without) / (double) values, Measure.median(with) / (double) values,
                ratios.get(ratios.size() / 2), ratios.get(ratios.size() / 4), ratios.get(ratios.size() * 3 / 4));
    }

    private static long readAll(Lake lake, Key[] keys) throws Exception {
        return Measure.nanos(() -> {
            for (Key key : keys) {
                if (Measure.drain(lake.get(key)) != RouteFigures.SIZE) {
                    throw new IllegalStateException("read a wrong length for " + key);
                }
            }
        });
    }

    /**
     * Skewed reads (Zipf, s = 1) of values stored only in the last level of levels(small(caffeine, 64 KiB), ssd, hdd):
     * one value in five is 100 KiB, too large for the memory level, so its copy goes to the SSD; the memory level holds
     * 1 MiB and evicts. Returns, per level, the share of each window's reads it served.
     */
    private static List<List<double[]>> hitRatio(CamelContext camel, Path work, boolean smoke) throws Exception {
        int values = smoke ? 200 : 5_000;
        int reads = smoke ? 2_000 : 100_000;
        int window = reads / 50;
        DiskLocation hdd = DiskLocation.open(work.resolve("hdd"));
        Small memory = new Small(new CaffeineLocation(camel, "ratio", 1L << 20, 64 << 10), 64 << 10);
        Location tree = Levels.ofLevels(Level.of(memory).withCache(true), Level.of(DiskLocation.open(work.resolve("ssd"))),
                Level.of(hdd));
        Key[] keys = new Key[values];
        Lake filler = new Lake(hdd);
        for (int i = 0; i < values; i++) {
            keys[i] = filler.write(Measure.value(50, i, i % 5 == 0 ? 100 << 10 : RouteFigures.SIZE));
        }
        Lake lake = new Lake(tree).metered();
        List<Metered> levels = lake.meters().stream()
                .filter(node -> node.place().matches("levels\\[[0-9]+\\]:[a-z]+")).toList();
        double[] cdf = zipf(values);
        Random random = new Random(42);
        List<List<double[]>> shares = new ArrayList<>();
        levels.forEach(level -> shares.add(new ArrayList<>()));
        long[] before = new long[levels.size()];
        for (int done = 1; done <= reads; done++) {
            int rank = java.util.Arrays.binarySearch(cdf, random.nextDouble());
            try (Value value = lake.get(keys[Math.min(rank < 0 ? -rank - 1 : rank, values - 1)])) {
                Measure.drain(value);
            }
            if (done % window == 0) {
                for (int i = 0; i < levels.size(); i++) {
                    long hits = levels.get(i).stats().hits();
                    shares.get(i).add(new double[] {done, (hits - before[i]) / (double) window});
                    before[i] = hits;
                }
            }
        }
        tree.close();
        return shares;
    }

    /** The cumulative distribution of a Zipf law (s = 1) over n ranks. */
    private static double[] zipf(int n) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / (k + 1);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    private static void write(Path out, List<Overhead> overheads, List<List<double[]>> shares, boolean smoke,
                              double seconds) throws Exception {
        String[] names = {"memory: levels[0] small(caffeine, 1 MiB)", "SSD: levels[1] disk", "HDD: levels[2] disk"};
        Plot plot = new Plot("Share of reads each level serves (Zipf reads, meters per level)", "reads",
                "share of the reads of each window", x -> String.format("%,d", (long) x)).linear();
        for (int i = 0; i < shares.size(); i++) {
            plot.add(names[Math.min(i, names.length - 1)], shares.get(i));
        }
        plot.write(out.resolve(PLOT));

        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
        md.append("Generated by `bin/bench --meters` on ").append(LocalDate.now()).append(" in ")
                .append(String.format("%.0f", seconds)).append(" s, load average ").append(String.format("%.1f", load))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores")
                .append(smoke ? " — **smoke run: tiny sizes, the numbers mean nothing**" : "")
                .append(". Each round reads the same ").append(smoke ? 100 : 2_000).append(" values through the lake")
                .append(" without and with meters, in alternating order; the times are the medians of the rounds, the")
                .append(" ratio is the median of the rounds' ratios (with the first and third quartiles).\n\n");
        md.append("| figure | without meters | with meters | ratio (quartiles) |\n|---|---|---|---|\n");
        for (Overhead overhead : overheads) {
            md.append(String.format("| %s | %.2f µs | %.2f µs | %.3f× (%.3f–%.3f) |%n", overhead.figure(),
                    overhead.plainNanos() / 1000, overhead.meteredNanos() / 1000, overhead.ratio(), overhead.lowRatio(),
                    overhead.highRatio()));
        }
        md.append("\n![share of reads each level serves](").append(PLOT).append(")\n\n").append(END).append("\n");
        PageBlock.write(out.resolve("observability.md"), BEGIN, END, md.toString());
        System.out.println(md);
    }
}
