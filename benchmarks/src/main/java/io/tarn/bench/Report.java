package io.tarn.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
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

    List<Row> rows() {
        return rows;
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
        return rows.stream().filter(r -> r.figure.contains("ingest=move") || r.figure.contains("ingest=copy")
                                         || r.baseline.contains("system-call floor")).toList();
    }

    /** A row as a line of the Markdown table. */
    static String line(Row r) {
        return "| " + r.id + " | " + r.figure + " | " + r.measured + " | " + r.baseline + " | " + r.ratio + " | " + r.goal
               + " | " + (r.met == null ? "—" : r.met ? "**met**" : "not met") + " |\n";
    }

    void p1(IngestHarness.Result r, String size) {
        double ratio = (double) r.fileToTarn() / r.fileCopy();
        rows.add(new Row("P1", "ingest one " + size + " file, `file:` → `tarn:`", seconds(r.fileToTarn()),
                "`file:` → `file:` copy " + seconds(r.fileCopy()) + " (`cp` " + seconds(r.cp()) + "; InputStream → `tarn:` "
                + seconds(r.streamToTarn()) + ")", String.format("%.2f×", ratio), "≤ 1.10×", ratio <= 1.10));
    }

    /** P1 against the SHA-256 of the same file alone, on one file system; {@code goal} says whether one is set there. */
    void p1Floor(IngestFloor.Result r, String where, boolean goal) {
        String size = Sizes.format(r.size());
        String baseline = "SHA-256 alone, the faster of the JDK's over mappings (" + seconds(r.jdkMapped())
                          + ") and over reads (" + seconds(r.jdkRead()) + ") each round: " + seconds(r.jdkDigest())
                          + (r.openssl() > 0 ? " (openssl " + seconds(r.openssl()) + ")" : "")
                          + "; `ingest=copy` + flush " + seconds(r.copy()) + " (" + r.copyRatios().format() + ")"
                          + (r.python() > 0 ? "; Python tarn + flush " + seconds(r.python())
                                              + " (" + r.pythonRatios().format() + ")" : "");
        String move = seconds(r.move()) + (r.writerCheck() > 0
                ? String.format(" (of which %.1f ms the check that no process writes the file)", r.writerCheck() / 1e6) : "");
        rows.add(new Row("P1", "`ingest=move` of one " + size + " file " + where + ", flushed (fsync)", move,
                baseline, r.moveRatios().format(), goal ? "≤ 1.05×" : "—", goal ? r.moveRatio() <= 1.05 : null));
        rows.add(new Row("P1", "`ingest=copy` of the same file " + where + ", flushed (fsync)", seconds(r.copy()),
                "SHA-256 alone (above); a plain copy of the file + flush (`FileChannel.transferTo`) took "
                + seconds(r.copyAlone()) + " (this ingest " + r.copyToPlain().format() + " of it: when under 1×, writing"
                + " the copy does not bound the ingest, the hash does)", r.copyRatios().format(), goal ? "≤ 1.05×" : "—",
                goal ? r.copyRatio() <= 1.05 : null));
        // a time ratio, drawn as a speed: the floor's time over this one's
        String fs = goal ? "disk" : "tmpfs";
        floors.add("P1 ingest=move, " + fs, 1 / r.moveRatio(), true);
        floors.add("P1 ingest=copy, " + fs, 1 / r.copyRatio(), true);
        if (r.python() > 0) {
            floors.add("P1 Python tarn, " + fs, 1 / r.pythonRatios().median(), false);
        }
    }

    void p2(double lakeMicros, double[] lakeRange, RouteFigures.Pair route, RouteFigures.Pair threaded, int threads) {
        double lake = 1e6 / lakeMicros;
        String lakeSpread = lakeRange == null || lakeRange[2] < 2 ? ""
                : String.format(" (%,.0f–%,.0f over %.0f iterations)", 1e6 / lakeRange[1], 1e6 / lakeRange[0], lakeRange[2]);
        rows.add(new Row("P2", "write 10,000 new 1 KiB values, Lake API (JMH)", rate(lake) + lakeSpread, PYTHON_TARN,
                String.format("%.1f× tarn's best", lake / 4100), "≥ 40,000 writes/s", lake >= 40_000));
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
        return new Row("P2", figure, rate(viaRoute) + spread(range, "%,.0f", route.rounds()), PYTHON_TARN,
                String.format("%.1f× tarn's best", viaRoute / 4100), "≥ 40,000 writes/s", viaRoute >= 40_000);
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

    void p4(double memoMicros, double plainMicros) {
        double added = memoMicros - plainMicros;
        rows.add(new Row("P4", "memo hit, 1 KiB body (JMH)", micros(memoMicros), "same route without memo " + micros(plainMicros),
                String.format("+%.1f µs", added), "≤ 20 µs added", added <= 20));
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
        md.append("Generated by `bin/bench` on ").append(LocalDate.now()).append(" in ").append(String.format("%.0f", seconds))
                .append(" s").append(smoke ? " — **smoke run: tiny sizes, the numbers mean nothing**" : "").append(": ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append(". Every ratio compares with a baseline measured in the same run.")
                .append(" Route figures are medians of interleaved rounds (candidate, then baseline), JMH figures medians of their")
                .append(" iterations (two forks), with the lowest and highest round or iteration in brackets. Reproduce with:\n\n```shell\nbin/bench\n```\n\n");
        md.append("| # | figure | measured | baseline (same run) | ratio | goal | met? |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(line(r));
        }
        md.append("\nP1 and P2 against their floors, with a plot: [below](#p1-and-p2-against-their-floors).\n");
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
