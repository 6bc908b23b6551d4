package io.tarn.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.tarn.format.Sizes;

/** The figures of one run, rendered as src-docs/performance.md (table, series, command) and PNG plots. */
final class Report {
    /** Python tarn 0.14.0, 1 KiB writes on these machines (measured earlier, cited, not run here). */
    static final String PYTHON_TARN = "Python tarn 0.14.0: 2.4–4.1k writes/s (cited)";

    /** One line of the table; {@code met} is null for a figure reported without a goal. */
    record Row(String id, String figure, String measured, String baseline, String ratio, String goal, Boolean met) {
    }

    private final boolean smoke;
    private final List<Row> rows = new ArrayList<>();
    private Scaling.Series bySize;
    private Scaling.Series byCount;
    private List<Integer> skippedCounts = List.of();
    private final Bars floors = new Bars("P1 and P2 against their floors (same run)",
            "speed as a fraction of the floor's (1 = as fast as the floor; higher is faster)");

    Report(boolean smoke) {
        this.smoke = smoke;
    }

    /** The rows by figure (P1, P1', P2, ...), each figure's in the order measured. */
    List<Row> rows() {
        return rows.stream().sorted(Comparator.comparing(Row::id)).toList();
    }

    boolean smoke() {
        return smoke;
    }

    /** P1 and P2 against their floors, drawn as speeds relative to the floor. */
    Bars floors() {
        return floors;
    }

    /** The rows of {@link #floors()}. */
    List<Row> floorRows() {
        return rows.stream().filter(r -> r.id.startsWith("P1") || r.baseline.contains("system-call floor")).toList();
    }

    /** A row as a line of the Markdown table. */
    static String line(Row r) {
        return "| " + r.id + " | " + r.figure + " | " + r.measured + " | " + r.baseline + " | " + r.ratio + " | " + r.goal
               + " | " + (r.met == null ? "—" : r.met ? "**met**" : "not met") + " |\n";
    }

    /**
     * P1 and P1' against the SHA-256 of the same file alone, on one file system (disk or tmpfs): the goals hold on
     * both, and P1's includes being faster than Python tarn where it ran.
     */
    void p1Floor(IngestFloor.Result r, String where, String fs) {
        String size = Sizes.format(r.size());
        String floor = "the fastest SHA-256 pass of the file, each round the faster of the JDK's digest over 1 MiB reads ("
                       + seconds(r.jdkRead()) + ") and over mappings (" + seconds(r.jdkMapped()) + "): " + seconds(r.jdkDigest())
                       + (r.openssl() > 0 ? "; `openssl dgst -sha256` " + seconds(r.openssl()) : "");
        boolean python = r.python() > 0;
        String beside = python ? "; Python tarn + flush " + seconds(r.python()) + " (" + r.pythonRatios().format() + ")" : "";
        String move = seconds(r.move()) + (r.writerCheck() > 0
                ? String.format(" (of which %.1f ms the check that no process writes the file)", r.writerCheck() / 1e6) : "");
        boolean beatsPython = !python || r.move() < r.python();
        rows.add(new Row("P1", "`ingest=move` of one " + size + " file " + where + ", flushed (fsync)", move, floor + beside,
                r.moveRatios().format(), "≤ 1.05×" + (python ? ", faster than Python tarn" : ""),
                r.moveRatio() <= 1.05 && beatsPython));
        rows.add(new Row("P1", "`ingest=copy` of the same file " + where + ", flushed (fsync)", seconds(r.copy()),
                "the same floor; a plain copy of the file + flush (`FileChannel.transferTo`) took " + seconds(r.copyAlone())
                + " (this ingest " + r.copyToPlain().format() + " of it)" + beside, r.copyRatios().format(),
                "≤ 1.05×" + (python ? ", faster than Python tarn" : ""),
                r.copyRatio() <= 1.05 && (!python || r.copy() < r.python())));
        rows.add(new Row("P1'", "the same file as an InputStream → `tarn:` (the lake knows no file) " + where + ", flushed",
                seconds(r.stream()), "the same floor", r.streamRatios().format(), "≤ 1.10×",
                r.streamRatios().median() <= 1.10));
        // a time ratio, drawn as a speed: the floor's time over this one's
        floors.add("P1 ingest=move, " + fs, 1 / r.moveRatio(), true);
        floors.add("P1 ingest=copy, " + fs, 1 / r.copyRatio(), true);
        floors.add("P1' InputStream, " + fs, 1 / r.streamRatios().median(), true);
        if (python) {
            floors.add("P1 Python tarn, " + fs, 1 / r.pythonRatios().median(), false);
        }
    }

    void p2(double lakeMicros, double[] lakeRange, RouteFigures.Pair route, RouteFigures.Pair threaded, int threads) {
        double lake = 1e6 / lakeMicros;
        String lakeSpread = lakeRange == null || lakeRange[2] < 2 ? ""
                : String.format(" (%,.0f–%,.0f over %.0f iterations)", 1e6 / lakeRange[1], 1e6 / lakeRange[0], lakeRange[2]);
        rows.add(new Row("P2", "write 10,000 new 1 KiB values, Lake API (JMH), unflushed", rate(lake) + lakeSpread, PYTHON_TARN,
                String.format("%.1f× tarn's best", lake / 4100), "—", null));
        rows.add(writeRow("write " + route.ops() + " new 1 KiB values through a `tarn:` route", route));
        rows.add(writeRow("the same from " + threads + " threads at once", threaded));
    }

    /** P2 against the system calls a write needs, same run and layout; the goal is set for one thread. */
    void p2Floor(SmallWrites.Result r, String where) {
        boolean goal = r.threads() == 1;
        rows.add(new Row("P2", String.format("write new 1 KiB values, Lake API, %d thread%s, %s, %,d at a time (%d rounds), each flushed (sync)",
                r.threads(), r.threads() == 1 ? "" : "s", where, r.values(), r.rounds()), rate(r.lake()), "system-call floor " + rate(r.floor())
                + (r.python() > 0 ? String.format("; Python tarn %s (%.2f× the floor)", rate(r.python()), r.python() / r.floor()) : ""),
                r.ratios().format() + " the floor", goal ? "≥ 0.9×" : "—", goal ? r.ratio() >= 0.9 : null));
        floors.add(String.format("P2 Lake.write, %d thread%s, %s", r.threads(), goal ? "" : "s", where), r.ratio(), true);
        if (r.python() > 0) {
            floors.add("P2 Python tarn, 1 thread, " + where, r.python() / r.floor(), false);
        }
        if (r.batch() > 0) {
            rows.add(new Row("P2", String.format("`Lake.writeAll` of %,d new 1 KiB values from %d threads, %s (%d rounds), each flushed (sync)",
                    r.values(), r.threads(), where, r.rounds()), rate(r.batch()), "one-thread system-call floor " + rate(r.floorOne()),
                    r.batchRatios().format() + " the floor", "> 1× (beats one thread)", r.batchRatio() > 1));
            floors.add(String.format("P2 Lake.writeAll, %d threads (1-thread floor), %s", r.threads(), where), r.batchRatio(), true);
        }
    }

    private static Row writeRow(String figure, RouteFigures.Pair route) {
        double viaRoute = 1e6 / route.candidateMicros();
        double[] range = route.range(nanos -> route.ops() * 1e9 / nanos);
        return new Row("P2", figure + ", unflushed", rate(viaRoute) + spread(range, "%,.0f", route.rounds()), PYTHON_TARN,
                String.format("%.1f× tarn's best", viaRoute / 4100), "—", null);
    }

    void p3(double levelsMicros, double diskMicros, RouteFigures.Pair route) {
        double lake = diskMicros / levelsMicros;
        rows.add(new Row("P3", "read a 1 KiB value through Levels(Small(Caffeine), disk), Lake API (JMH)",
                micros(levelsMicros), "disk alone " + micros(diskMicros), String.format("%.1f× faster", lake), "≥ 10×",
                lake >= 10));
        double viaRoute = route.baselineMicros() / route.candidateMicros();
        rows.add(new Row("P3", "read " + route.ops() + " 1 KiB values through the same levels, `tarn:` route",
                micros(route.candidateMicros()), "disk alone " + micros(route.baselineMicros()),
                String.format("%.1f× faster", viaRoute) + spread(route.speedupRange(), "%.1f×", route.rounds()), "≥ 3×",
                viaRoute >= 3));
    }

    /** " (low–high over N rounds)" for a figure measured in rounds, nothing for a single round. */
    private static String spread(double[] range, String format, int rounds) {
        if (rounds < 2) {
            return "";
        }
        return " (" + String.format(format, range[0]) + "–" + String.format(format, range[1]) + " over " + rounds + " rounds)";
    }

    /** P4 from {@link MemoHit}'s interleaved rounds: the hit, the same route without memo, the hit's calls alone. */
    void p4(MemoHit.Result r) {
        rows.add(new Row("P4", "memo hit, 1 KiB body, disk lake (" + String.format("%,d", r.calls()) + " calls a round)",
                micros(r.memo()), "same route without memo " + micros(r.plain()) + "; the hit's " + MemoHit.SystemCalls.COUNT
                + " file-system calls alone " + micros(r.systemCalls()),
                String.format("+%.1f µs (quartiles %.1f–%.1f of %d rounds)", r.added(), r.addedLow(), r.addedHigh(), r.rounds()),
                "≤ 10 µs added", r.added() <= 10));
    }

    /** P7: reads through a bounded level against the same tree declining when full, and the eviction cost by size. */
    void p7(LifecycleBench.Result lifecycle, List<EvictionCost.Row> cost) {
        for (LifecycleBench.Trace t : lifecycle.traces()) {
            double ideal = t.ratio(t.ideal());
            double evicting = t.ratio(t.evicting());
            rows.add(new Row("P7", String.format("hit ratio, a level of %,d values over %,d (%s, %,d reads)",
                    lifecycle.capacity(), lifecycle.capacity() * 10, t.name(), lifecycle.reads()),
                    String.format("%.3f", evicting), String.format("an LRU of the same size simulated in memory %.3f", ideal),
                    String.format("%.2f×", evicting / ideal), "≥ 0.9×", evicting / ideal >= 0.9));
            rows.add(new Row("P7", "reads through that tree while the level evicts (" + t.name() + ")",
                    String.format("%,.0f reads/s", t.evicting().length / t.evictingSeconds()),
                    String.format("the same tree declining writes when full %,.0f reads/s",
                            t.declining().length / t.decliningSeconds()), t.speed().format(), "≥ 0.8×",
                    t.speed().median() >= 0.8));
        }
        if (cost.size() >= 2) {
            EvictionCost.Row first = cost.stream().min(Comparator.comparingInt(EvictionCost.Row::values)).orElseThrow();
            EvictionCost.Row last = cost.stream().max(Comparator.comparingInt(EvictionCost.Row::values)).orElseThrow();
            double ratio = last.microsPerEvicted() / first.microsPerEvicted();
            StringBuilder each = new StringBuilder();
            for (EvictionCost.Row c : cost) {
                each.append(each.length() == 0 ? "" : ", ").append(String.format("%,d: %.1f µs", c.values(), c.microsPerEvicted()));
            }
            // the goal reaches 10^6 values; a run that stops short of it cannot say it is met
            boolean reached = last.values() >= 1_000_000;
            rows.add(new Row("P7", String.format("eviction cost per evicted value, a level of %,d values", last.values()),
                    String.format("%.1f µs", last.microsPerEvicted()),
                    String.format("a level of %,d values %.1f µs (%s)", first.values(), first.microsPerEvicted(), each),
                    String.format("%.2f×", ratio), "flat (≤ 1.5×) from 10³ to 10⁶ values" + (reached ? ""
                            : String.format("; this run stopped at %,d (10⁶: [below](#eviction-from-a-level-of-a-million-values))", last.values())),
                    reached && ratio <= 1.5));
        }
    }

    /** P8's rows, made by {@link S3Bench}. */
    void p8(List<Row> s3) {
        rows.addAll(s3);
    }

    void p5(double peakMiB, String size) {
        rows.add(new Row("P5", "ingest a " + size + " stream in a child JVM with -Xmx64m",
                peakMiB < 0 ? "failed" : String.format("peak heap %.1f MiB", peakMiB), "—",
                peakMiB < 0 ? "—" : "finished", "finishes with -Xmx64m", peakMiB >= 0));
    }

    void p6(RouteFigures.Pair pair) {
        double ratio = pair.candidateMicros() / pair.baselineMicros();
        rows.add(new Row("P6", "read " + pair.ops() + " 1 KiB values through the Redis location", micros(pair.candidateMicros()),
                "raw Jedis GET loop " + micros(pair.baselineMicros()),
                String.format("%.2f×", ratio) + spread(pair.slowdownRange(), "%.2f×", pair.rounds()), "≤ 1.3×", ratio <= 1.3));
    }

    void bySize(Scaling.Series series) {
        bySize = series;
    }

    void byCount(Scaling.Series series, List<Integer> skipped) {
        byCount = series;
        skippedCounts = skipped;
    }

    void write(Path out, double seconds) throws Exception {
        Path img = out.resolve("img");
        new Plot("Write cost by value size (Lake API)", "value size", "µs per value", x -> Sizes.format((long) x))
                .add("tarn: Lake.write", bySize.tarn()).add("plain file write of the same bytes", bySize.plain())
                .write(img.resolve("perf-by-size.png"));
        new Plot("Write cost by number of 1 KiB values (Lake API)", "values written", "µs per value",
                x -> String.format("%,d", (long) x))
                .add("tarn: Lake.write", byCount.tarn()).add("plain file writes, same fan-out", byCount.plain())
                .write(img.resolve("perf-by-count.png"));

        StringBuilder md = new StringBuilder();
        md.append("# Performance\n\n");
        md.append("Where camel-tarn stands on every goal, each figure a ratio against a floor or baseline measured in the same")
                .append(" run. Generated by `bin/bench` on ").append(LocalDate.now()).append(" in ").append(String.format("%.0f", seconds))
                .append(" s").append(smoke ? " — **smoke run: tiny sizes, the numbers mean nothing**" : "").append(": ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append(", load average (1, 5, 15 min) at the end ")
                .append(LifecycleBench.load()).append(". A ratio is the median of interleaved rounds' own ratios (a figure,")
                .append(" then its floor, in alternating order), with quartiles or the lowest and highest round; JMH figures")
                .append(" are medians of their iterations (two forks). For a goal not met, the measured reason and the profile")
                .append(" that shows it: [below](#where-the-goals-not-met-stand-and-why).\n\n");
        md.append("| # | figure | measured | floor or baseline (same run) | ratio | goal | met? |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows()) {
            md.append(line(r));
        }
        md.append("\n![P1 and P2 as a fraction of their floors](img/perf-floors.png)\n");
        md.append("\n## How to reproduce\n\n```shell\nbin/bench                  # everything above, about 40 minutes on 2 cores\n")
                .append("bin/bench --floors         # P1, P1', P2 against their floors, disk and tmpfs (about 7 minutes)\n")
                .append("bin/bench --memo           # P4 (a minute)\n")
                .append("bin/bench --lifecycle      # P7: bounded levels read against the same tree declining when full, gc\n")
                .append("bin/bench --eviction-cost  # P7: cost per evicted value by the size of the level\n")
                .append("bin/bench --s3             # P8: the S3 location against the AWS SDK alone\n")
                .append("bin/bench --lake-size      # list, contents, verify, consume, the Kafka feed, gc, by lake size\n")
                .append("bin/bench --profile memo   # where one figure's time goes (write, levels, disk, redis, ingest,\n")
                .append("                           # stream, threads, memo, evict, s3): async-profiler's CPU samples\n```\n\n")
                .append("Each floor is the fastest way this machine does the job, with nothing of ours in it: P1's the fastest")
                .append(" SHA-256 pass of the file (the JDK's digest over 1 MiB reads or over mappings, `openssl dgst -sha256`")
                .append(" beside them); P2's the bare system calls of a write (`stat`, `open`, `write`, `close`, `link`,")
                .append(" `unlink`: `SmallWrites.Floor`); P4's the same route without memo; P7's the same tree declining")
                .append(" writes once full; P8's the AWS SDK alone against the same server, its faster way. The commands that")
                .append(" run each alone are in [How the floors are measured](#how-the-floors-are-measured).\n");
        md.append("\n## Cost by value size\n\n![write cost by value size](img/perf-by-size.png)\n\n");
        series(md, "value size", bySize, x -> Sizes.format((long) x));
        md.append("\n## Cost by number of values\n\n![write cost by number of values](img/perf-by-count.png)\n\n");
        series(md, "values", byCount, x -> String.format("%,d", (long) x));
        if (!skippedCounts.isEmpty()) {
            md.append("\nNot measured: ").append(skippedCounts).append(" values (the previous count already took longer than")
                    .append(" the run's budget allows).\n");
        }
        md.append("\n").append(Bench.NOTES).append("\n");
        Path page = out.resolve("performance.md");
        if (Files.exists(page)) {
            String old = Files.readString(page, StandardCharsets.UTF_8);
            int at = old.indexOf(Bench.NOTES);
            if (at >= 0) {
                md.append(old.substring(at + Bench.NOTES.length()).replaceFirst("^\n", ""));
            }
        }
        Files.createDirectories(out);
        Files.writeString(page, md.toString(), StandardCharsets.UTF_8);
        System.out.println(md);
    }

    private static void series(StringBuilder md, String x, Scaling.Series s, java.util.function.DoubleFunction<String> label) {
        md.append("| ").append(x).append(" | tarn µs/value | plain µs/value | ratio |\n|---|---|---|---|\n");
        for (int i = 0; i < s.tarn().size(); i++) {
            double t = s.tarn().get(i)[1], p = s.plain().get(i)[1];
            md.append("| ").append(label.apply(s.tarn().get(i)[0])).append(" | ").append(String.format("%.1f", t)).append(" | ")
                    .append(String.format("%.1f", p)).append(" | ").append(String.format("%.2f×", t / p)).append(" |\n");
        }
    }

    private static String seconds(long nanos) {
        return String.format("%.3f s", nanos / 1e9);
    }

    private static String rate(double perSecond) {
        return String.format("%,.0f writes/s", perSecond);
    }

    private static String micros(double micros) {
        return String.format("%.1f µs", micros);
    }
}
