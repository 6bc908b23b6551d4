package io.tarn.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import io.tarn.camel.TarnConstants;
import io.tarn.lake.Lake;

/**
 * The cost of list, contents, verify and the consumer by the number of values in a disk lake, each operation in a
 * child JVM with a 64 MiB heap (finishing is the proof of constant memory; the peak heap it used is sampled), next
 * to the physical floor of any listing: walking the lake's folders and stat-ing every file. The lake is filled by
 * hand (as another program would), so the consumer's first start hands on every value through its full scan; then
 * 10,000 values are written through camel-tarn while it is stopped and it catches up from its change journal.
 * <p>
 * Usage: {@code LakeSize [--max 1000000] [--out src-docs] [--work DIR]}; writes a block of performance.md (below the
 * notes line, so that a full bin/bench run keeps it) and img/perf-lake-size.png.
 */
public final class LakeSize {
    static final String BEGIN = "<!-- lake-size series: begin (bin/bench --lake-size) -->";
    static final String END = "<!-- lake-size series: end -->";
    private static final int SIZE = 100;
    private static final int JOURNALED = 10_000;

    private LakeSize() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
            return;
        }
        long max = 1_000_000;
        Path out = Path.of("src-docs");
        Path work = defaultWork();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--max" -> max = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                                                              + "; usage: LakeSize [--max N] [--out dir] [--work dir]");
            }
        }
        run(max, out.toAbsolutePath(), work.toAbsolutePath());
    }

    /** In memory (/dev/shm) where there is one, as the figures were taken: the disk is not what is measured. */
    static Path defaultWork() {
        Path shm = Path.of("/dev/shm");
        return (Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"))).resolve("tarn-lake-size");
    }

    static List<Map<String, double[]>> run(long max, Path out, Path work) throws Exception {
        long started = System.nanoTime();
        List<Integer> counts = new ArrayList<>();
        for (long n = Math.min(10_000, max); n <= max; n *= 10) {
            counts.add((int) n);
        }
        List<Map<String, double[]>> rows = new ArrayList<>();
        Measure.removeTree(work);
        try {
            for (int n : counts) {
                Path root = work.resolve("lake-" + n);
                fillByHand(root, n);
                Map<String, double[]> row = new LinkedHashMap<>();
                for (String op : List.of("walk", "list", "contents", "verify", "consume")) {
                    row.putAll(inChild(op, root, n));
                }
                log(n + ": " + describe(row));
                rows.add(row);
                Measure.removeTree(root);
            }
        } finally {
            Measure.removeTree(work);
        }
        write(out, counts, rows, (System.nanoTime() - started) / 1e9, work);
        return rows;
    }

    /** n values of SIZE bytes put in the lake's folders by hand (levels [1, -1]): no journal line, as tarn would. */
    private static void fillByHand(Path root, int n) throws Exception {
        Lake.open(root).close();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        HexFormat hex = HexFormat.of();
        boolean[] made = new boolean[256];
        for (int i = 0; i < n; i++) {
            byte[] value = Measure.value(70, i, SIZE);
            String key = hex.formatHex(sha.digest(value));
            int folder = Integer.parseInt(key.substring(0, 2), 16);
            Path dir = root.resolve(key.substring(0, 2));
            if (!made[folder]) {
                Files.createDirectories(dir);
                made[folder] = true;
            }
            Files.write(dir.resolve(key.substring(2)), value);
        }
    }

    /** Runs one operation in a child JVM with -Xmx64m; its lines "name seconds peakMiB [...]" become the figures. */
    private static Map<String, double[]> inChild(String op, Path root, int n) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LakeSize.class.getName(), "--child", op, root.toString(), Integer.toString(n))
                .redirectErrorStream(true).start();
        Map<String, double[]> figures = new LinkedHashMap<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
                if (line.startsWith("figure ")) {
                    String[] f = line.split(" ");
                    double[] values = new double[f.length - 2];
                    for (int i = 2; i < f.length; i++) {
                        values[i - 2] = Double.parseDouble(f[i]);
                    }
                    figures.put(f[1], values);
                }
            }
        }
        if (child.waitFor() != 0 || figures.isEmpty()) {
            throw new IllegalStateException(op + " of " + n + " values failed in a 64 MiB heap:\n" + String.join("\n", output));
        }
        return figures;
    }

    /** The child: one operation, then "figure NAME seconds peakMiB" (consume adds values/s first and last tenth). */
    private static void child(String op, Path root, int n) throws Exception {
        HeapPeak peak = new HeapPeak();
        long[] t0 = {System.nanoTime()};
        switch (op) {
            case "walk" -> check(n, walk(root));
            case "list" -> check(n, list(root, t0));
            case "contents" -> {
                try (Lake lake = Lake.open(root); var entries = lake.contents()) {
                    check(n, entries.count());
                }
            }
            case "verify" -> {
                try (Lake lake = Lake.open(root)) {
                    check(n, lake.verify(false).checked());
                }
            }
            case "consume" -> {
                consume(root, n, peak);
                return;
            }
            default -> throw new IllegalArgumentException(op);
        }
        System.out.printf("figure %s %.3f %.1f%n", op, (System.nanoTime() - t0[0]) / 1e9, peak.stop());
    }

    private static void check(long expected, long got) {
        if (expected != got) {
            throw new IllegalStateException("expected " + expected + " values, got " + got);
        }
    }

    /** The floor of any listing: every file of the layout's folders, stat-ed (as a listing must, to skip links). */
    private static long walk(Path root) throws Exception {
        long files = 0;
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root, "[0-9a-f][0-9a-f]")) {
            for (Path folder : top) {
                try (DirectoryStream<Path> names = Files.newDirectoryStream(folder)) {
                    for (Path file : names) {
                        if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                            files++;
                        }
                    }
                }
            }
        }
        return files;
    }

    /** The keys through split().streaming(); the clock starts once the route has started ({@code t0}). */
    private static long list(Path root, long[] t0) throws Exception {
        AtomicLong count = new AtomicLong();
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:list").to("tarn:lake?operation=list&root=" + root).split(body()).streaming()
                            .process(e -> count.incrementAndGet());
                }
            });
            context.start();
            var template = context.createProducerTemplate();
            t0[0] = System.nanoTime();
            template.sendBody("direct:list", null);
        }
        return count.get();
    }

    /**
     * The consumer's first start (a full scan hands on every value; its 2 s settle wait is not counted), values/s over
     * the first and the last tenth; then, stopped, 10,000 values are written through camel-tarn, and a restart hands
     * them on from the journal.
     */
    private static void consume(Path root, int n, HeapPeak peak) throws Exception {
        Path position = root.resolveSibling("position-" + n);
        long[] at = new long[n + JOURNALED + 1];
        AtomicLong count = new AtomicLong();
        // the consumer at its defaults, as a user starts it (a backlog drains at once; the next full scan is 1 h away)
        String uri = "tarn:lake?root=" + root + "&positionFile=" + position;
        CamelContext first = route(uri, at, count);
        first.start();
        while (count.get() < n) {
            Thread.sleep(5);
        }
        first.stop();
        int tenth = Math.max(1, n / 10);
        double total = (at[n] - at[1]) / 1e9;
        double early = tenth / ((at[tenth] - at[1]) / 1e9);
        double late = tenth / ((at[n] - at[n - tenth]) / 1e9);
        double heap = peak.stop();
        try (Lake lake = Lake.open(root)) {
            for (int i = 0; i < JOURNALED; i++) {
                lake.write(Measure.value(71, i, SIZE));
            }
        }
        HeapPeak again = new HeapPeak();
        CamelContext second = route(uri, at, count);
        second.start();
        while (count.get() < n + JOURNALED) {
            Thread.sleep(1);
        }
        // from the first value read from the journal to the last (the context's start is not counted)
        double journal = (JOURNALED - 1) / ((at[n + JOURNALED] - at[n + 1]) / 1e9);
        second.stop();
        System.out.printf("figure consume %.3f %.1f %.0f %.0f%n", total, Math.max(heap, again.stop()), early, late);
        System.out.printf("figure journal %.3f %.1f %.0f%n", JOURNALED / journal, again.stop(), journal);
    }

    private static CamelContext route(String uri, long[] at, AtomicLong count) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    e.getMessage().getHeader(TarnConstants.KEY, String.class);
                    at[(int) count.incrementAndGet()] = System.nanoTime();
                });
            }
        });
        return context;
    }

    /**
     * The highest heap in use seen, sampled every 5 ms, in MiB: garbage included, so it grows towards -Xmx (64 MiB)
     * whatever the live set; that the operation finishes within 64 MiB is the proof of constant memory.
     */
    static final class HeapPeak {
        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        HeapPeak() {
            Runtime runtime = Runtime.getRuntime();
            sampler = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
        }

        double stop() {
            running = false;
            return peak.get() / 1048576.0;
        }
    }

    private static String describe(Map<String, double[]> row) {
        StringBuilder text = new StringBuilder();
        row.forEach((name, f) -> text.append(name).append('=').append(String.format("%.2fs", f[0])).append(' '));
        return text.toString();
    }

    /** The block of performance.md (replacing the previous one, below the notes line) and the plot. */
    private static void write(Path out, List<Integer> counts, List<Map<String, double[]>> rows, double seconds, Path work)
            throws Exception {
        Plot plot = new Plot("Cost per value by number of values in a disk lake (-Xmx64m)", "values in the lake",
                "µs per value", x -> String.format("%,d", (long) x));
        for (String op : List.of("walk", "list", "contents", "verify", "consume", "journal")) {
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < counts.size(); i++) {
                double[] f = rows.get(i).get(op);
                int n = op.equals("journal") ? JOURNALED : counts.get(i);
                points.add(new double[] {counts.get(i), f[0] * 1e6 / n});
            }
            plot.add(label(op), points);
        }
        plot.write(out.resolve("img/perf-lake-size.png"));

        StringBuilder md = new StringBuilder(BEGIN).append("\n\n## Lakes of many values: list, contents, verify, consume\n\n");
        md.append("Generated by `bin/bench --lake-size --max ").append(counts.get(counts.size() - 1)).append("` on ")
                .append(LocalDate.now()).append(" in ").append(String.format("%.0f", seconds)).append(" s; lakes of ")
                .append(SIZE).append("-byte values in `").append(work.getParent()).append("`, filled by hand (no journal")
                .append(" lines); every operation in a child JVM with `-Xmx64m`. The largest size run: ")
                .append(String.format("%,d", counts.get(counts.size() - 1))).append(" values. *walk* is the physical")
                .append(" floor of any listing (the folders read and every file stat-ed, no hashing); *consume* is a")
                .append(" consumer's first start (its full scan hands on every value; values/s over the first and the last")
                .append(" tenth); *journal* is the same consumer restarted after ").append(String.format("%,d", JOURNALED))
                .append(" values were written through camel-tarn: it reads them from the change journal (first to last")
                .append(" value). Peak heap: the most heap in use, garbage included, sampled every 5 ms.\n\n");
        md.append("| values | walk (floor) µs/value | list µs/value | contents µs/value | verify µs/value | consume µs/value |"
                  + " consume values/s first → last tenth | journal catch-up values/s | peak heap in use MiB, of 64 (max of all) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < counts.size(); i++) {
            Map<String, double[]> r = rows.get(i);
            int n = counts.get(i);
            double heap = r.values().stream().mapToDouble(f -> f[1]).max().orElse(0);
            md.append(String.format("| %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %,.0f → %,.0f | %,.0f | %.0f |%n", n,
                    us(r, "walk", n), us(r, "list", n), us(r, "contents", n), us(r, "verify", n), us(r, "consume", n),
                    r.get("consume")[2], r.get("consume")[3], r.get("journal")[2], heap));
        }
        md.append("\n![cost per value by lake size](img/perf-lake-size.png)\n\n").append(END).append("\n");
        PageBlock.write(out.resolve("performance.md"), BEGIN, END, md.toString());
        System.out.println(md);
    }

    private static double us(Map<String, double[]> row, String op, int n) {
        return row.get(op)[0] * 1e6 / n;
    }

    private static String label(String op) {
        return switch (op) {
            case "walk" -> "walk + stat (floor)";
            case "journal" -> "consume from the journal";
            default -> op;
        };
    }

    private static void log(String text) {
        System.out.println("[bench] " + text);
    }
}
