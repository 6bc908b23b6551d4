package io.tarn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.tarn.Key;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.lifecycle.GcPolicy;
import io.tarn.lifecycle.GcReport;
import io.tarn.location.Location;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.eviction.Capacity;
import io.tarn.location.eviction.Evictor;

/**
 * P7: a bounded cache level of C values over a disk lake of 10×C, read in a Zipf (s = 1) trace: the top level's hit
 * ratio with eviction, against the same tree whose top level declines writes once full (tarn's {@code max_size}, the
 * baseline) and against an ideal LRU of C entries simulated in memory over the same trace; the cost of an eviction
 * batch, and of gc over many values (values/s). Writes a block of performance.md (below the notes line) and
 * img/perf-lifecycle.png.
 * <p>
 * Usage: {@code LifecycleBench [--capacity 1000] [--reads 1000000] [--gc-values 1000000] [--out src-docs] [--work DIR]}
 */
public final class LifecycleBench {
    static final String BEGIN = "<!-- lifecycle series: begin (bin/bench --lifecycle) -->";
    static final String END = "<!-- lifecycle series: end -->";
    private static final int SIZE = 1024;
    private static final double ZIPF_S = 1.0;
    /** Usage marks' cost: values per lake (read and written per round), and rounds. */
    private static final int MARK_VALUES = 5_000;
    private static final int MARK_ROUNDS = 11;
    /** Rounds of each trace, each read through both trees (see {@link #compare}). */
    private static final int ROUNDS = 11;

    /** The hit ratios of one trace: ideal LRU, the bounded level, the level declining when full; and their times. */
    record Trace(String name, long[] ideal, long[] evicting, long[] declining, Evictor.Stats batches,
                 double evictingSeconds, double decliningSeconds, Measure.Ratios speed) {
        double ratio(long[] hits) {
            return hits.length == 0 ? 0 : (double) hits[hits.length - 1] / hits.length;
        }
    }

    /** What one run measured. */
    record Result(int capacity, int reads, List<Trace> traces, int gcValues, double gcExamineSeconds,
                  double gcRemoveSeconds, MarkCost.Figures marks, String load) {
    }

    private LifecycleBench() {
    }

    public static void main(String[] args) throws Exception {
        int capacity = 1000;
        int reads = 1_000_000;
        int gcValues = 1_000_000;
        Path out = Path.of("src-docs");
        Path work = defaultWork();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--capacity" -> capacity = Integer.parseInt(args[++i]);
                case "--reads" -> reads = Integer.parseInt(args[++i]);
                case "--gc-values" -> gcValues = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: LifecycleBench"
                        + " [--capacity C] [--reads N] [--gc-values N] [--out dir] [--work dir]");
            }
        }
        run(capacity, reads, gcValues, out.toAbsolutePath(), work.toAbsolutePath());
    }

    /** Beside the lake-size series' folder: in memory where the machine has /dev/shm. */
    static Path defaultWork() {
        return LakeSize.defaultWork().resolveSibling("tarn-lifecycle");
    }

    static Result run(int capacity, int reads, int gcValues, Path out, Path work) throws Exception {
        Measure.removeTree(work);
        Files.createDirectories(work);
        String loadBefore = load();
        try {
            int n = 10 * capacity;
            Path hdd = work.resolve("hdd");
            List<Key> keys = new ArrayList<>();
            try (Lake lake = Lake.open(hdd)) {
                for (int i = 0; i < n; i++) {
                    keys.add(lake.write(Measure.value(77, i, SIZE)));
                }
            }
            List<Trace> traces = List.of(
                    compare("Zipf", ZipfTrace.of(n, ZIPF_S, reads, 15), hdd, keys, capacity, work.resolve("zipf")),
                    compare("Zipf, moving working set", ZipfTrace.shifting(n, ZIPF_S, reads, 15, 5), hdd, keys,
                            capacity, work.resolve("moving")));
            double[] gc = gc(work.resolve("gc"), gcValues);
            log("P7 gc of " + gcValues + " values: examine " + gc[0] + " s, remove " + gc[1] + " s");
            MarkCost.Figures marks = MarkCost.measure(work.resolve("marks"), Math.min(MARK_VALUES, 5 * capacity),
                    MARK_ROUNDS);
            log("P7 usage marks: reads " + marks.reads().format() + ", new writes " + marks.writes().format()
                + " the speed without");
            Result result = new Result(capacity, reads, traces, gcValues, gc[0], gc[1], marks,
                    loadBefore + " → " + load());
            write(out, result, work);
            return result;
        } finally {
            Measure.removeTree(work);
        }
    }

    /**
     * One trace read through a bounded level and through one declining when full, beside the ideal LRU: the trace in
     * {@link #ROUNDS} rounds, each read through both trees back to back, in alternating order, so that both see the same
     * load; the ratio of reads/s is the median of the rounds' own (the bounded level's first round, which fills it, is
     * in the totals but not among the rounds' ratios).
     */
    private static Trace compare(String name, int[] trace, Path hdd, List<Key> keys, int capacity, Path work) {
        long[] ideal = ZipfTrace.lruHits(trace, capacity);
        DiskLocation authoritative = DiskLocation.open(hdd);
        DiskLocation bounded = DiskLocation.open(work.resolve("ssd-evicting"));
        Levels evicting = Levels.ofLevels(Level.of(bounded).withWrite(false)
                .withCapacity(Capacity.ofValues(capacity)), Level.of(authoritative));
        DiskLocation full = DiskLocation.open(work.resolve("ssd-declining"),
                DiskConfig.defaults().withLimits(0, (long) capacity * SIZE));
        Levels declining = Levels.ofLevels(Level.of(full).withWrite(false), Level.of(authoritative));
        long[] evictingHits = new long[trace.length];
        long[] decliningHits = new long[trace.length];
        double evictingSeconds = 0;
        double decliningSeconds = 0;
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            int from = (int) ((long) trace.length * round / ROUNDS);
            int to = (int) ((long) trace.length * (round + 1) / ROUNDS);
            double e;
            double d;
            if (round % 2 == 0) {
                e = replay(evicting, bounded, keys, trace, evictingHits, from, to);
                d = replay(declining, full, keys, trace, decliningHits, from, to);
            } else {
                d = replay(declining, full, keys, trace, decliningHits, from, to);
                e = replay(evicting, bounded, keys, trace, evictingHits, from, to);
            }
            evictingSeconds += e;
            decliningSeconds += d;
            if (round > 0) {
                ratios.add(d / e);
            }
        }
        Trace result = new Trace(name, ideal, evictingHits, decliningHits, evicting.evictor(0).orElseThrow().stats(),
                evictingSeconds, decliningSeconds, Measure.Ratios.of(ratios));
        log("P7 " + name + ": ideal LRU " + result.ratio(ideal) + ", evicting " + result.ratio(evictingHits)
            + ", declining when full " + result.ratio(decliningHits) + "; reads/s evicting/declining "
            + result.speed().format());
        return result;
    }

    /** Reads the trace from {@code from} to {@code to} through the tree; a read is a hit when the top level held the key. */
    private static double replay(Location tree, DiskLocation top, List<Key> keys, int[] trace, long[] hits, int from,
                                 int to) {
        long count = from == 0 ? 0 : hits[from - 1];
        long started = System.nanoTime();
        for (int i = from; i < to; i++) {
            Key key = keys.get(trace[i]);
            if (top.contains(key)) {
                count++;
            }
            Location.closeQuietly(tree.read(key).orElseThrow());
            hits[i] = count;
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * A lake of {@code values} 100-byte values with usage marks: a dry run over all of it (every value examined, none
     * old enough), then a gc removing every one (all made old); seconds of each.
     */
    private static double[] gc(Path root, int values) throws Exception {
        DiskLocation disk = DiskLocation.open(root, DiskConfig.defaults().withTools());
        try (Lake lake = new Lake(disk)) {
            for (int i = 0; i < values; i++) {
                lake.write(Measure.value(78, i, 100));
            }
            long t0 = System.nanoTime();
            GcReport examined = lake.gc(GcPolicy.olderThan(Duration.ofDays(1)).dryRun(true));
            long t1 = System.nanoTime();
            GcReport removed = lake.gc(GcPolicy.olderThan(Duration.ZERO).withGrace(Duration.ZERO));
            long t2 = System.nanoTime();
            if (examined.examined() != values || removed.removed() != values) {
                throw new IllegalStateException("gc examined " + examined.examined() + " and removed " + removed.removed()
                                                + " of " + values + " values");
            }
            return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
        }
    }

    /** The machine's load average over 1, 5 and 15 minutes (the machine is shared: figures are read beside it). */
    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void write(Path out, Result r, Path work) throws Exception {
        Plot plot = new Plot("P7: hit ratio of the top level (capacity " + r.capacity() + " of " + 10 * r.capacity()
                             + " values)", "reads", "hit ratio so far", x -> String.format("%,d", (long) x));
        for (Trace t : r.traces()) {
            plot.add(t.name() + ": ideal LRU", cumulative(t.ideal()));
            plot.add(t.name() + ": LRU eviction", cumulative(t.evicting()));
            plot.add(t.name() + ": decline when full", cumulative(t.declining()));
        }
        plot.write(out.resolve("img/perf-lifecycle.png"));
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n## P7: bounded cache levels and gc\n\n");
        md.append("Generated by `bin/bench --lifecycle --capacity ").append(r.capacity()).append(" --reads ")
                .append(r.reads()).append(" --gc-values ").append(r.gcValues()).append("` on ").append(LocalDate.now())
                .append(", lakes in `").append(work.getParent()).append("`; load average (1, 5, 15 min) before → after: ")
                .append(r.load()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (a shared machine). A disk lake of ").append(String.format("%,d", 10 * r.capacity()))
                .append(" values of ").append(SIZE).append(" bytes under a cache level of ")
                .append(String.format("%,d", r.capacity())).append(" values (`capacityValues`, low watermark 0.9),")
                .append(" read in a Zipf (s = ").append(ZIPF_S).append(") trace of ").append(String.format("%,d", r.reads()))
                .append(" reads, and in the same trace with a moving working set (the popularity shifts by a fifth of")
                .append(" the keys at each fifth of the trace); a read is a hit when the top level held the key. The")
                .append(" baseline is the same tree whose top level declines writes once full (tarn's `max_size`); the")
                .append(" yardstick an LRU of the same size simulated in memory over the same trace. Each trace is read")
                .append(" in ").append(ROUNDS).append(" rounds, each through both trees back to back in alternating")
                .append(" order; the reads/s ratio is the median of the rounds' own (the first, which fills the level,")
                .append(" left out). Goals: hit ratio ≥ 0.9× the ideal LRU; reads ≥ 0.8× the tree declining when full.")
                .append("\n\n");
        md.append("| figure | measured | baseline | ratio |\n|---|---|---|---|\n");
        for (Trace t : r.traces()) {
            double ideal = t.ratio(t.ideal());
            double evicting = t.ratio(t.evicting());
            double declining = t.ratio(t.declining());
            md.append(String.format("| P7 hit ratio (%s), bounded level with eviction | %.3f | ideal LRU %.3f | %.2f× the"
                                    + " ideal LRU |%n", t.name(), evicting, ideal, evicting / ideal));
            md.append(String.format("| P7 hit ratio (%s), decline when full (baseline) | %.3f | ideal LRU %.3f | %.2f× the"
                                    + " ideal LRU; eviction %.2f× this |%n", t.name(), declining, ideal, declining / ideal,
                    evicting / declining));
            Evictor.Stats b = t.batches();
            md.append(String.format("| P7 reads (%s) through the tree | %,.0f reads/s with eviction | %,.0f reads/s"
                                    + " declining when full | %s (all reads: %.2f×) |%n", t.name(),
                    t.evicting().length / t.evictingSeconds(), t.declining().length / t.decliningSeconds(),
                    t.speed().format(), t.decliningSeconds() / t.evictingSeconds()));
            md.append(String.format("| P7 eviction batch (%s) | %.1f ms per batch, %,d batches, %,d walks of the level |"
                                    + " — | %,.1f values per batch, %.1f µs per evicted value |%n", t.name(),
                    b.batches() == 0 ? 0 : b.nanos() / 1e6 / b.batches(), b.batches(), b.walks(),
                    b.batches() == 0 ? 0.0 : (double) b.evicted() / b.batches(),
                    b.evicted() == 0 ? 0 : b.nanos() / 1e3 / b.evicted()));
        }
        md.append(String.format("| P7 gc over %,d values | %,.0f values/s examined (dry run) | — | %,.0f values/s removed |%n",
                r.gcValues(), r.gcValues() / r.gcExamineSeconds(), r.gcValues() / r.gcRemoveSeconds()));
        MarkCost.Figures m = r.marks();
        md.append(String.format("| P7 read a stored 1 KiB value, disk lake with usage marks (%,d values, random order) |"
                                + " %,d reads/s | %,d reads/s without marks (tarn's default config) | %s the speed"
                                + " without |%n", m.values(), m.readsPerSecond(), m.plainReadsPerSecond(),
                m.reads().format()));
        md.append(String.format("| P7 write a new 1 KiB value, disk lake with usage marks | %,d writes/s | %,d writes/s"
                                + " without marks | %s the speed without |%n", m.writesPerSecond(),
                m.plainWritesPerSecond(), m.writes().format()));
        md.append("\n![hit ratio over the trace](img/perf-lifecycle.png)\n\n").append(END).append("\n");
        PageBlock.write(out.resolve("performance.md"), BEGIN, END, md.toString());
        System.out.println(md);
    }

    /** The hit ratio after 20 points of the trace, spaced evenly on a log scale. */
    private static List<double[]> cumulative(long[] hits) {
        List<double[]> points = new ArrayList<>();
        int first = Math.max(1, hits.length / 1000);
        for (int p = 0; p <= 20; p++) {
            int at = (int) Math.round(first * Math.pow((double) hits.length / first, p / 20.0)) - 1;
            at = Math.max(0, Math.min(hits.length - 1, at));
            points.add(new double[] {at + 1, Math.max(1e-3, (double) hits[at] / (at + 1))});
        }
        return points;
    }

    private static void log(String text) {
        System.out.println("[bench] " + text);
    }
}
