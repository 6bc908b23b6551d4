package io.tarn.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.camel.backend.s3.S3Location;
import io.tarn.camel.backend.s3.S3Settings;
import io.tarn.lake.Lake;

/**
 * P8: the S3 location against the AWS SDK v2 alone, on the same in-JVM s3proxy ({@link InJvmS3}) in the same run. A
 * large value (1 GiB) written and read, and 10,000 values of 1 KiB written and read; each round runs every side back to
 * back, in alternating order, after an uncounted warm-up round, and each ratio is the median of the rounds' own ratios
 * (tarn's time over the SDK's), with quartiles. The SDK writes the large value the two fastest ways it has without its
 * native CRT client: one PutObject from the file ({@code RequestBody.fromFile}) and the asynchronous client's own
 * parallel multipart upload ({@code multipartEnabled(true)}); the faster by median is the floor. Reads stream to a
 * null sink through a 1 MiB buffer on both sides, unhashed. A child JVM with {@code -Xmx64m} writes a generated
 * stream of the large size through a Lake over the S3 location and reports its peak heap. Writes the block of
 * performance.md between {@link #BEGIN} and {@link #END}.
 * <p>
 * Usage: {@code S3Bench [--out src-docs] [--rounds N] [--large-mib M] [--small N] [--work dir]} ({@code bin/bench --s3})
 */
final class S3Bench {
    static final String BEGIN = "<!-- s3: begin (bin/bench --s3) -->";
    static final String END = "<!-- s3: end -->";
    private static final int SMALL = 1024;

    private final InJvmS3 server;
    private final S3Client sdk;
    private final S3AsyncClient multipart;
    private final Path work;
    private final Map<String, List<Long>> times = new LinkedHashMap<>();
    /** The table's rows as rows of the full run's table ({@link Report#p8}). */
    private final List<Report.Row> rows = new ArrayList<>();

    private S3Bench(InJvmS3 server, Path work) {
        this.server = server;
        this.sdk = server.client();
        this.multipart = server.multipartClient();
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args);
            return;
        }
        Path out = Path.of("../src-docs");
        int rounds = 5;
        long largeMiB = 1024;
        int small = 10_000;
        Path work = defaultWork();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--large-mib" -> largeMiB = Long.parseLong(args[++i]);
                case "--small" -> small = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: S3Bench [--out dir] [--rounds N] [--large-mib M] [--small N] [--work dir]");
            }
        }
        run(out, rounds, largeMiB, small, work);
    }

    /** Where the server's folder goes: tmpfs when the machine has /dev/shm (neither side waits for a disk). */
    static Path defaultWork() {
        return Path.of(Files.isDirectory(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir"));
    }

    static String run(Path out, int rounds, long largeMiB, int small, Path workParent) throws Exception {
        return run(out, rounds, largeMiB, small, workParent, new ArrayList<>());
    }

    /** {@link #run(Path, int, long, int, Path)}, adding the figures to {@code rows} as rows of the full run's table. */
    static String run(Path out, int rounds, long largeMiB, int small, Path workParent, List<Report.Row> rows)
            throws Exception {
        String loadBefore = LifecycleBench.load();
        long started = System.nanoTime();
        Path work = Files.createTempDirectory(workParent, "tarn-s3-bench-");
        try (InJvmS3 server = new InJvmS3(work.resolve("s3"))) {
            for (String bucket : List.of("sdk", "tarn", "tarn-unused")) {
                server.createBucket(bucket);
            }
            S3Bench bench = new S3Bench(server, work);
            String heap = bench.childPeakHeap(largeMiB);
            bench.measure(rounds, largeMiB << 20, small);
            String block = bench.block(rounds, largeMiB, small, heap, loadBefore, LifecycleBench.load(),
                    (System.nanoTime() - started) / 1e9);
            bench.sdk.close();
            bench.multipart.close();
            PageBlock.write(out.resolve("performance.md"), BEGIN, END, block);
            System.out.println(block);
            rows.addAll(bench.rows);
            return block;
        } finally {
            Measure.removeTree(work);
        }
    }

    private S3Location location(CamelContext camel, String bucket, boolean trackUsage) {
        return S3Location.of(camel, S3Settings.of(bucket).withEndpoint(server.endpoint())
                .withCredentials(InJvmS3.IDENTITY, InJvmS3.CREDENTIAL).withTrackUsage(trackUsage));
    }

    private void measure(int rounds, long size, int small) throws Exception {
        Path large = work.resolve("large.bin");
        Path warmFile = work.resolve("warm.bin");
        generate(large, size);
        generate(warmFile, Math.min(size, 32L << 20));
        Path spool = Files.createDirectories(work.resolve("spool"));
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.setStreamCaching(false);
            S3Location s3 = location(camel, "tarn", true);
            S3Location unused = location(camel, "tarn-unused", false);
            Lake lake = new Lake(s3).withSpoolFolder(spool);
            Lake lakeUnused = new Lake(unused).withSpoolFolder(spool);
            camel.getRegistry().bind("s3", s3);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:s3").to("tarn:s3?location=#s3&spoolFolder=" + spool);
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            Key largeKey = sha256(lake, large);
            Key warmKey = sha256(lake, warmFile);
            for (int r = -1; r < rounds; r++) {
                boolean warm = r < 0;
                Path file = warm ? warmFile : large;
                Key key = warm ? warmKey : largeKey;
                boolean tarnFirst = (r & 1) == 0;
                for (int side = 0; side < 2; side++) {
                    if ((side == 0) == tarnFirst) {
                        time(warm, "large write: Lake.write(file)", () -> lake.write(file));
                        s3.delete(key);
                        time(warm, "large write: tarn: route", () -> checkKey(key, template.request("direct:s3",
                                e -> e.getIn().setBody(file.toFile()))));
                        s3.delete(key);
                        time(warm, "large write: S3Location.write, key known", () -> s3.write(key, Value.of(file), Set.of())
                                .orElseThrow().close());
                        time(warm, "large read: Lake.read", () -> drain(lake.get(key).open()));
                        s3.delete(key);
                        time(warm, "large write: S3Location.write of a stream, camel-aws2-s3's sequential parts",
                                () -> s3.write(key, stream(file), Set.of()).orElseThrow().close());
                        s3.delete(key);
                    } else {
                        String name = "large-" + r;
                        long length = Files.size(file);
                        time(warm, "large write: SDK PutObject fromFile", () -> sdk.putObject(b -> b.bucket("sdk").key(name)
                                .contentLength(length), RequestBody.fromFile(file)));
                        time(warm, "large read: SDK GetObject", () -> drain(sdk.getObject(b -> b.bucket("sdk").key(name))));
                        sdk.deleteObject(b -> b.bucket("sdk").key(name));
                        time(warm, "large write: SDK async multipart", () -> multipart.putObject(b -> b.bucket("sdk").key(name)
                                .contentLength(length), AsyncRequestBody.fromFile(file)).join());
                        sdk.deleteObject(b -> b.bucket("sdk").key(name));
                    }
                }
                int n = warm ? Math.max(1, small / 10) : small;
                List<byte[]> values = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    values.add(Measure.value(200 + r, i, SMALL));
                }
                List<Key> keys = new ArrayList<>();
                List<Key> keysUnused = new ArrayList<>();
                String prefix = "r" + (r + 1) + "/";
                for (int side = 0; side < 3; side++) {
                    switch ((side + r + 3) % 3) {
                        case 0 -> {
                            time(warm, "small writes: SDK PutObject", () -> {
                                for (int i = 0; i < n; i++) {
                                    byte[] v = values.get(i);
                                    String name = prefix + i;
                                    sdk.putObject(b -> b.bucket("sdk").key(name).contentLength((long) v.length), RequestBody.fromBytes(v));
                                }
                            });
                            time(warm, "small reads: SDK GetObject", () -> {
                                for (int i = 0; i < n; i++) {
                                    String name = prefix + i;
                                    check(drain(sdk.getObject(b -> b.bucket("sdk").key(name))));
                                }
                            });
                        }
                        case 1 -> {
                            time(warm, "small writes: Lake.write", () -> values.forEach(v -> keys.add(lake.write(v))));
                            time(warm, "small reads: Lake.read", () -> {
                                for (Key k : keys) {
                                    check(drain(lake.get(k).open()));
                                }
                            });
                        }
                        default -> {
                            time(warm, "small writes: Lake.write, trackUsage=false",
                                    () -> values.forEach(v -> keysUnused.add(lakeUnused.write(v))));
                            time(warm, "small reads: Lake.read, trackUsage=false", () -> {
                                for (Key k : keysUnused) {
                                    check(drain(lakeUnused.get(k).open()));
                                }
                            });
                        }
                    }
                }
                System.out.printf("round %d done%n", r + 1);
            }
            s3.close();
            unused.close();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void time(boolean warm, String side, Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        long took = System.nanoTime() - start;
        if (!warm) {
            times.computeIfAbsent(side, s -> new ArrayList<>()).add(took);
        }
    }

    private static void checkKey(Key key, Exchange done) {
        if (done.getException() != null || !key.hex().equals(done.getMessage().getHeader("CamelTarnKey"))) {
            throw new IllegalStateException("the tarn: route failed or gave another key", done.getException());
        }
    }

    /** The file's bytes as a value that is no file: what the location gets when a value is copied from elsewhere. */
    private static Value stream(Path file) throws Exception {
        long size = Files.size(file);
        return new Value() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }

    private static void check(long read) {
        if (read != SMALL) {
            throw new IllegalStateException("read " + read + " bytes of a " + SMALL + "-byte value");
        }
    }

    /** Reads to the end through a 1 MiB buffer, unhashed, and closes. */
    static long drain(InputStream in) throws Exception {
        byte[] buffer = new byte[1 << 20];
        long total = 0;
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        }
        return total;
    }

    private static Key sha256(Lake lake, Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return lake.key(HexFormat.of().formatHex(sha.digest()));
    }

    private static void generate(Path file, long size) throws Exception {
        try (OutputStream out = Files.newOutputStream(file); InputStream in = IngestHarness.generated(size, 42)) {
            in.transferTo(out);
        }
    }

    /** Ratios per round of {@code side} over {@code floor}. */
    private Measure.Ratios ratios(String side, String floor) {
        List<Long> a = times.get(side);
        List<Long> b = times.get(floor);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add((double) a.get(i) / b.get(i));
        }
        return Measure.Ratios.of(ratios);
    }

    private String seconds(String side) {
        return String.format("%.2f s", Measure.median(times.get(side)) / 1e9);
    }

    private String block(int rounds, long largeMiB, int small, String heap, String loadBefore, String loadAfter,
                         double took) {
        String put = "large write: SDK PutObject fromFile";
        String parts = "large write: SDK async multipart";
        String floor = Measure.median(times.get(put)) <= Measure.median(times.get(parts)) ? put : parts;
        String large = largeMiB % 1024 == 0 ? largeMiB / 1024 + " GiB" : largeMiB + " MiB";
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n## P8: the S3 location against the AWS SDK alone\n\n");
        md.append("Generated by `bin/bench --s3 --rounds ").append(rounds).append(" --large-mib ").append(largeMiB)
                .append(" --small ").append(small).append("` on ").append(LocalDate.now()).append(" in ")
                .append(String.format("%.0f", took)).append(" s; load average (1, 5, 15 min) before → after: ")
                .append(loadBefore).append(" → ").append(loadAfter).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores. Server: s3proxy 2.6.0 in the same JVM")
                .append(" over a jclouds `filesystem` blob store in `").append(work.getParent())
                .append("` (the `transient` store keeps objects in the heap), loopback, AWS V4 signatures; both sides use")
                .append(" SDK ").append(software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION)
                .append(" with checksums when required. Each round runs every side back to back, in alternating order,")
                .append(" after an uncounted warm-up round; a ratio is the median of the rounds' own ratios (tarn's time")
                .append(" over the SDK's), with quartiles; times are medians. Reads stream to a null sink through a 1 MiB")
                .append(" buffer, unhashed, on both sides. tarn's location is the default `s3:` leaf (partSize 25 MiB,")
                .append(" trackUsage=true: s3proxy has no object tagging, so a write or read also writes a usage sidecar),")
                .append(" and the same with trackUsage=false.\n\n");
        md.append("SDK ways to write the ").append(large).append(" value: PutObject `RequestBody.fromFile` ")
                .append(seconds(put)).append(", `S3AsyncClient` `multipartEnabled(true)` (8 MiB parts, in parallel) ")
                .append(seconds(parts)).append("; the floor is the faster: ").append(floor.substring(13)).append(".\n\n");
        md.append("| figure | tarn | SDK floor | ratio | goal | met? |\n|---|---|---|---|---|---|\n");
        for (String side : List.of("large write: Lake.write(file)", "large write: tarn: route",
                "large write: S3Location.write, key known",
                "large write: S3Location.write of a stream, camel-aws2-s3's sequential parts")) {
            row(md, large + " write, " + side.substring(13), side, floor);
        }
        row(md, large + " read, Lake.read streamed", "large read: Lake.read", "large read: SDK GetObject");
        String count = String.format("%,d", small);
        row(md, count + " × 1 KiB writes, Lake.write", "small writes: Lake.write", "small writes: SDK PutObject");
        row(md, count + " × 1 KiB writes, Lake.write, trackUsage=false", "small writes: Lake.write, trackUsage=false",
                "small writes: SDK PutObject");
        row(md, count + " × 1 KiB reads, Lake.read", "small reads: Lake.read", "small reads: SDK GetObject");
        row(md, count + " × 1 KiB reads, Lake.read, trackUsage=false", "small reads: Lake.read, trackUsage=false",
                "small reads: SDK GetObject");
        md.append("\nConstant heap: ").append(heap).append("\n\n").append(END).append("\n");
        return md.toString();
    }

    private void row(StringBuilder md, String figure, String side, String floor) {
        Measure.Ratios r = ratios(side, floor);
        md.append("| ").append(figure).append(" | ").append(seconds(side)).append(" | ").append(seconds(floor))
                .append(" (").append(floor.substring(floor.indexOf(':') + 2)).append(") | ").append(r.format())
                .append(" | ≤ 1.20× | ").append(r.median() <= 1.2 ? "yes" : "no").append(" |\n");
        rows.add(new Report.Row("P8", "S3 location (s3proxy in the JVM): " + figure, seconds(side),
                "AWS SDK alone, " + floor.substring(floor.indexOf(':') + 2) + ", same server " + seconds(floor),
                r.format(), "≤ 1.20×", r.median() <= 1.2));
    }

    /** Runs {@link #child} in a JVM with -Xmx64m: a generated stream of the large size written through a Lake. */
    private String childPeakHeap(long largeMiB) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                S3Bench.class.getName(), "--child", server.endpoint().toString(), Long.toString(largeMiB),
                Files.createDirectories(work.resolve("child-spool")).toString()).redirectErrorStream(true).start();
        String peak = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
                if (line.startsWith("peak heap used: ")) {
                    peak = line.substring("peak heap used: ".length());
                }
            }
        }
        if (child.waitFor() != 0 || peak == null) {
            throw new IllegalStateException("the -Xmx64m child failed:\n" + String.join("\n", output));
        }
        return "a " + largeMiB + " MiB generated stream written through a Lake over the S3 location in a child JVM with"
               + " `-Xmx64m` finished, peak heap in use " + peak + " (garbage included).";
    }

    /** {@code --child endpoint MiB spoolFolder}: one large streamed write, then its peak heap on a line. */
    private static void child(String[] args) throws Exception {
        HeapPeak peak = new HeapPeak();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            S3Location s3 = S3Location.of(camel, S3Settings.of("tarn").withEndpoint(URI.create(args[1]))
                    .withCredentials(InJvmS3.IDENTITY, InJvmS3.CREDENTIAL));
            try (Lake lake = new Lake(s3).withSpoolFolder(Path.of(args[3]));
                 InputStream in = IngestHarness.generated(Long.parseLong(args[2]) << 20, 7)) {
                Key key = lake.write(in);
                lake.delete(key);
            }
        }
        System.out.printf("peak heap used: %.1f MiB%n", peak.stop());
    }
}
