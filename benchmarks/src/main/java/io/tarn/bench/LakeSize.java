package io.tarn.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import io.tarn.camel.TarnConstants;
import io.tarn.lake.Lake;
import io.tarn.lifecycle.GcReport;

/**
 * The cost of list, contents, verify, the consumer, the Kafka-fed consumer group and a gc dry run by the number of
 * values in a disk lake, each operation in a child JVM with a 64 MiB heap (finishing is the proof of constant memory;
 * the peak heap it used is sampled), next to the physical floor of any listing: walking the lake's folders and
 * stat-ing every file. The lake is filled by hand (as another program would, in tarn's default layout: no usage
 * marks), so the consumer's first start hands on every value through its full scan; then 10,000 values are written
 * through camel-tarn while it is stopped and it catches up from its change journal. The feed step publishes the
 * lake's change records on a Kafka topic ({@link LakeFeed}) and times the consumer group. Last, usage marks are
 * switched on in the lake's config.yml (as lifecycle.md says a user does) and gc runs dry over it.
 * <p>
 * Usage: {@code LakeSize [--max 1000000] [--out src-docs] [--work DIR]}; writes a block of performance.md (below the
 * notes line, so that a full bin/bench run keeps it) and img/perf-lake-size.png. One lake grows from size to size
 * ({@link HandFilledLake}) and is removed after the last; the work folder must hold it (checked before it is filled).
 */
public final class LakeSize {
    static final String BEGIN = "<!-- lake-size series: begin (bin/bench --lake-size) -->";
    static final String END = "<!-- lake-size series: end -->";
    static final int SIZE = 100;
    static final int JOURNALED = 10_000;

    private LakeSize() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args[1], Path.of(args[2]), Integer.parseInt(args[3]), args.length > 4 ? args[4] : "");
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
        Files.createDirectories(work);
        String where = Files.getFileStore(work).type();
        HandFilledLake.checkRoom(work, counts.get(counts.size() - 1));
        Path root = work.resolve("lake");
        try (LakeFeed feed = new LakeFeed()) {
            int filled = 0;
            for (int n : counts) {
                Map<String, double[]> row = new LinkedHashMap<>();
                long t0 = System.nanoTime();
                HandFilledLake.fill(root, filled, n);
                filled = n;
                row.put("fill", new double[] {(System.nanoTime() - t0) / 1e9, 0});
                for (String op : List.of("walk", "list", "contents", "verify", "consume")) {
                    row.putAll(inChild(op, root, n, ""));
                }
                long t1 = System.nanoTime();
                String topic = "lake-size-" + n;
                String changes = feed.publish(topic, n, 70, SIZE);
                row.put("publish", new double[] {(System.nanoTime() - t1) / 1e9, 0});
                row.putAll(inChild("feed", root, n, changes));
                feed.drop(topic);
                // as lifecycle.md says a user does before a first gc: usage marks switched on in config.yml
                Files.writeString(root.resolve("config.yml"), "usage:\n  kwargs: {}\n  name: StatUsage\n",
                        StandardOpenOption.APPEND);
                row.putAll(inChild("gc", root, n + JOURNALED, ""));
                long t2 = System.nanoTime();
                HandFilledLake.reset(root);
                row.put("reset", new double[] {(System.nanoTime() - t2) / 1e9, 0});
                log(n + " (" + where + "): " + describe(row));
                rows.add(row);
            }
        } catch (Exception | Error failed) {
            Measure.removeTree(work);
            throw failed;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LakeSizePage.write(out, counts, rows, seconds, work, where);
        // after the page is written: where the file system is mounted with discard (this machine's root), each value
        // removed costs ~0.6 ms, ~100 min for 10⁷
        long t3 = System.nanoTime();
        Measure.removeTree(work);
        log(String.format("the series took %.0f s; the lake of %,d values was then removed in %.0f s", seconds,
                counts.get(counts.size() - 1), (System.nanoTime() - t3) / 1e9));
        return rows;
    }

    /** Runs one operation in a child JVM with -Xmx64m; its lines "name seconds peakMiB [...]" become the figures. */
    private static Map<String, double[]> inChild(String op, Path root, int n, String changes) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LakeSize.class.getName(), "--child", op, root.toString(), Integer.toString(n), changes)
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

    /**
     * The child: one operation, then "figure NAME seconds peakMiB" (consume and feed add values/s over the first and
     * the last tenth).
     */
    private static void child(String op, Path root, int n, String changes) throws Exception {
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
            case "gc" -> check(n, gc(root, t0));
            case "consume" -> {
                consume(root, n, peak);
                return;
            }
            case "feed" -> {
                LakeFeed.consume(root, n, changes, peak);
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
     * A gc dry run as users start it ({@code operation=gc}, by age, {@code dryRun=true}): every value is examined (its
     * file and its usage mark stat-ed), none is old enough; the clock starts once the route has started.
     */
    private static long gc(Path root, long[] t0) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:gc").to("tarn:lake?operation=gc&gcOlderThan=30d&dryRun=true&root=" + root);
                }
            });
            context.start();
            var template = context.createProducerTemplate();
            t0[0] = System.nanoTime();
            GcReport report = template.requestBody("direct:gc", null, GcReport.class);
            check(0, report.removed());
            return report.examined();
        }
    }

    /**
     * The consumer's first start (a full scan hands on every value; its 2 s settle wait is not counted), values/s over
     * the first and the last tenth; then, stopped, 10,000 values are written through camel-tarn, and a restart hands
     * them on from the journal.
     */
    private static void consume(Path root, int n, HeapPeak peak) throws Exception {
        Path position = root.resolveSibling("position-" + n);
        Tenths scan = new Tenths(n);
        Tenths journal = new Tenths(JOURNALED);
        AtomicLong count = new AtomicLong();
        LongConsumer handedOn = at -> {
            if (at <= n) {
                scan.record(at);
            } else {
                journal.record(at - n);
            }
        };
        // the consumer at its defaults, as a user starts it (a backlog drains at once; the next full scan is 1 h away)
        String uri = "tarn:lake?root=" + root + "&positionFile=" + position;
        CamelContext first = route(uri, handedOn, count);
        first.start();
        while (count.get() < n) {
            Thread.sleep(5);
        }
        first.stop();
        double heap = peak.stop();
        try (Lake lake = Lake.open(root)) {
            for (int i = 0; i < JOURNALED; i++) {
                lake.write(Measure.value(71, i, SIZE));
            }
        }
        HeapPeak again = new HeapPeak();
        CamelContext second = route(uri, handedOn, count);
        second.start();
        while (count.get() < n + JOURNALED) {
            Thread.sleep(1);
        }
        // from the first value read from the journal to the last (the context's start is not counted)
        double rate = (JOURNALED - 1) / journal.seconds();
        second.stop();
        System.out.printf("figure consume %.3f %.1f %.0f %.0f%n", scan.seconds(), Math.max(heap, again.stop()),
                scan.early(), scan.late());
        System.out.printf("figure journal %.3f %.1f %.0f%n", JOURNALED / rate, again.stop(), rate);
    }

    private static CamelContext route(String uri, LongConsumer handedOn, AtomicLong count) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    e.getMessage().getHeader(TarnConstants.KEY, String.class);
                    handedOn.accept(count.incrementAndGet());
                });
            }
        });
        return context;
    }

    private static String describe(Map<String, double[]> row) {
        StringBuilder text = new StringBuilder();
        row.forEach((name, f) -> text.append(name).append('=').append(String.format("%.2fs", f[0])).append(' '));
        return text.toString();
    }

    private static void log(String text) {
        System.out.println("[bench] " + text);
    }
}
