package io.tarn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every figure of the benchmark issue in one go and writes the report: {@code performance.md} (the table, the
 * series, the command) and PNG plots under {@code img/} in the output folder. Each figure is a ratio against a
 * baseline measured in the same run. {@code --smoke} runs every path with tiny sizes in seconds (for the tests); the
 * numbers it gives mean nothing.
 * <p>
 * Usage: {@code Bench [--smoke] [--out src-docs] [--work /tmp/tarn-bench]}
 */
public final class Bench {
    /** Text of the report below this line is hand-written analysis, kept when the report is regenerated. */
    static final String NOTES = "<!-- notes below are kept when bin/bench regenerates this page -->";
    /** Producer threads of the concurrent P2 route figure. */
    static final int WRITER_THREADS = 4;

    private Bench() {
    }

    /** The arguments of a run: {@code [--smoke] [--out dir] [--work dir]}, folders made absolute. */
    record Args(boolean smoke, Path out, Path work) {
        static Args parse(String program, String[] args) {
            boolean smoke = false;
            Path out = Path.of("src-docs");
            Path work = Path.of(System.getProperty("java.io.tmpdir"), "tarn-bench");
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> smoke = true;
                    case "--out" -> out = Path.of(args[++i]);
                    case "--work" -> work = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: " + program
                                                                  + " [--smoke] [--out dir] [--work dir]");
                }
            }
            return new Args(smoke, out.toAbsolutePath(), work.toAbsolutePath());
        }
    }

    public static void main(String[] args) throws Exception {
        Args a = Args.parse("Bench", args);
        run(a.smoke(), a.out(), a.work());
    }

    static Report run(boolean smoke, Path out, Path work) throws Exception {
        Measure.removeTree(work);
        Files.createDirectories(work);
        long started = System.nanoTime();
        Report report = new Report(smoke);
        try {
            int values = smoke ? 100 : 10_000;
            Map<String, double[]> jmhRange = new HashMap<>();
            Map<String, Double> jmh = jmh(smoke, values, jmhRange, work.resolve("jmh"));
            log("JMH: " + jmh);

            Floors.measureIngest(report, smoke, work);
            log("P1 done");
            // the small-value route figures are noisy on a shared machine: more rounds, and the spread is reported
            int manyRounds = smoke ? 1 : 15;
            RouteFigures.Pair p2 = RouteFigures.writesThroughRoute(work, values, smoke ? 1 : 5, 1);
            RouteFigures.Pair p2Threads = RouteFigures.writesThroughRoute(work, values, smoke ? 1 : 5, WRITER_THREADS);
            report.p2(jmh.get("LakeBenchmarks.write"), jmhRange.get("LakeBenchmarks.write"), p2, p2Threads, WRITER_THREADS);
            Floors.measureSmallWrites(report, smoke, work);
            RouteFigures.Pair p3 = RouteFigures.readsThroughRoute(work, values, manyRounds);
            report.p3(jmh.get("LakeBenchmarks.readLevels"), jmh.get("LakeBenchmarks.readDisk"), p3);
            report.p4(MemoHit.run(out, smoke ? 3 : 31, smoke ? 200 : 5_000, smoke ? 1 : 5));
            String big = smoke ? "4MiB" : "4GiB";
            report.p5(RouteFigures.peakHeapMiB(work, big), big);
            log("P5 done");
            report.p6(RouteFigures.redisReads(values, manyRounds));
            log("P6 done");

            long[] sizes = smoke ? new long[] {1 << 10, 1 << 20, 4 << 20}
                    : new long[] {1 << 10, 16 << 10, 256 << 10, 4 << 20, 64 << 20, 1L << 30};
            report.bySize(Scaling.bySize(work, sizes, smoke ? 4 << 20 : 256L << 20));
            log("size series done");
            List<Integer> skipped = new ArrayList<>();
            int[] counts = smoke ? new int[] {10, 100} : new int[] {1_000, 10_000, 100_000, 1_000_000};
            // 10^6 values take ten times what 10^5 took, twice (tarn and plain): go on only if that fits in minutes
            report.byCount(Scaling.byCount(work, counts, smoke ? Long.MAX_VALUE : 40_000_000_000L, skipped), skipped);
            log("count series done");
            // list, contents, verify and the consumer by lake size: its own block of the page, below the notes line
            LakeSize.run(smoke ? 1_000 : 1_000_000, out, smoke ? work.resolve("lake-size") : LakeSize.defaultWork());
            // P7, bounded cache levels and gc: its own block too
            LifecycleBench.Result lifecycle = LifecycleBench.run(smoke ? 50 : 1_000, smoke ? 5_000 : 1_000_000,
                    smoke ? 1_000 : 1_000_000, out, smoke ? work.resolve("lifecycle") : LifecycleBench.defaultWork());
            // P7's cost per evicted value by the size of the level: its own block too
            Path evictionWork = smoke ? work.resolve("eviction-cost") : EvictionCost.defaultWork();
            List<EvictionCost.Row> cost = EvictionCost.run(smoke ? List.of(200, 400)
                    : EvictionCost.fullRunSizes(evictionWork), smoke ? 300 : EvictionCost.READS, out, evictionWork);
            report.p7(lifecycle, cost);
            // P8, the S3 location against the AWS SDK alone: its own block too, and rows of the table
            List<Report.Row> s3 = new ArrayList<>();
            S3Bench.run(out, smoke ? 1 : 5, smoke ? 8 : 1024, smoke ? 50 : 10_000,
                    smoke ? work : S3Bench.defaultWork(), s3);
            report.p8(s3);
        } finally {
            // everything measured is kept until here (see Measure.discard)
            for (Path where : scratchFileSystems(work)) {
                Measure.removeTree(where);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        report.write(out, seconds);
        Floors.write(out, report, seconds);
        return report;
    }

    /**
     * Where the figures measured against a floor run: the work folder (the disk), and a folder on tmpfs where the
     * machine has /dev/shm (the CPU cost alone); both are removed at the end of the run.
     */
    static List<Path> scratchFileSystems(Path work) {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return List.of(work, shm.resolve("tarn-bench-" + ProcessHandle.current().pid()));
        }
        return List.of(work);
    }

    /** JMH figures, average microseconds per operation by "Class.method". */
    private static Map<String, Double> jmh(boolean smoke, int values, Map<String, double[]> ranges, Path work)
            throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("io\\.tarn\\.bench\\.LakeBenchmarks\\.")
                .param("values", String.valueOf(values))
                .shouldFailOnError(true);
        if (smoke) {
            System.setProperty(Measure.WORK_PROPERTY, work.toString());
            options.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(100));
        } else {
            options.forks(2).jvmArgs("-Xmx1g", "-D" + Measure.WORK_PROPERTY + "=" + work)
                    .warmupIterations(4).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(8).measurementTime(TimeValue.seconds(1));
        }
        Map<String, Double> scores = new HashMap<>();
        java.util.Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } finally {
            // a smoke run measures in this JVM: the scratch folder setting must not outlive it
            System.clearProperty(Measure.WORK_PROPERTY);
        }
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            String[] parts = name.split("\\.");
            String figure = parts[parts.length - 2] + "." + parts[parts.length - 1];
            // the median iteration, not JMH's mean: a disk write stall of a second or two on this kind of machine
            // would otherwise decide the figure; the lowest and highest iteration are reported beside it
            org.openjdk.jmh.util.Statistics statistics = result.getPrimaryResult().getStatistics();
            scores.put(figure, statistics.getPercentile(50));
            ranges.put(figure, new double[] {statistics.getMin(), statistics.getMax(), statistics.getN()});
        }
        return scores;
    }

    private static void log(String text) {
        System.out.println("[bench] " + text);
    }
}
