package io.tarn.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.tarn.HashAlgorithm;
import io.tarn.camel.TarnConstants;
import io.tarn.format.Sizes;
import io.tarn.location.disk.DiskLocation;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/**
 * P1 against its physical floor: ingesting one large file through a {@code tarn:} route with {@code ingest=copy} and
 * with {@code ingest=move}, each timed up to and including the flush of what it wrote (fsync of the stored file and
 * its folder), next to
 * the SHA-256 of the same file alone (the JDK's digest over a mapping, what the lake runs; and {@code openssl dgst
 * -sha256}) and Python tarn storing the same file (when its source is at $TARN_SRC, default /tmp/tarn), all in the
 * same run, rounds interleaved, the file in the page cache each time (it is written and synced, untimed, before each
 * round). A key that differs from the floor's digest fails the run.
 * <p>
 * Usage: {@code IngestFloor <size, e.g. 1GiB> <rounds> <work folder>...} (one line of figures per folder: put one
 * on the disk and one on a tmpfs such as /dev/shm).
 */
public final class IngestFloor {

    /** Medians in nanoseconds; 0 for a candidate that could not run here. */
    record Result(Path folder, long size, long jdkDigest, long openssl, long copy, long move, long python) {
        double copyRatio() {
            return (double) copy / jdkDigest;
        }

        double moveRatio() {
            return (double) move / jdkDigest;
        }
    }

    public static void main(String[] args) throws Exception {
        long size = Sizes.parse(args.length > 0 ? args[0] : "1GiB", "size");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (int i = 2; i < Math.max(args.length, 3); i++) {
            Path folder = Path.of(args.length > i ? args[i] : "target/floor").toAbsolutePath();
            print(measure(size, rounds, folder));
        }
    }

    static void print(Result r) {
        System.out.printf("%s, %s: SHA-256 alone %.3f s (openssl %s), copy ingest + flush %.3f s (%.2fx), move ingest +"
                          + " flush %.3f s (%.2fx), Python tarn + flush %s%n", r.folder, Sizes.format(r.size),
                r.jdkDigest / 1e9, seconds(r.openssl), r.copy / 1e9, r.copyRatio(), r.move / 1e9, r.moveRatio(),
                seconds(r.python));
    }

    static Result measure(long size, int rounds, Path work) throws Exception {
        Measure.removeTree(work);
        Files.createDirectories(work);
        Path source = work.resolve("source.bin");
        Path lake = work.resolve("lake");
        boolean openssl = available("openssl", "version");
        Optional<PythonTarn> python = PythonTarn.find();
        List<Long> digests = new ArrayList<>();
        List<Long> opensslTimes = new ArrayList<>();
        List<Long> copies = new ArrayList<>();
        List<Long> moves = new ArrayList<>();
        List<Long> pythons = new ArrayList<>();
        try (CamelContext context = RouteFigures.context()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:copy").to("tarn:lake?ingest=copy&root=" + lake);
                    from("direct:move").to("tarn:lake?ingest=move&root=" + lake);
                    from("direct:delete").setHeader(TarnConstants.OPERATION, constant("delete")).to("tarn:lake?root=" + lake);
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            String expected = null;
            for (int round = 0; round < rounds; round++) {
                fresh(source, size);
                String[] hex = new String[1];
                digests.add(Measure.nanos(() -> hex[0] = sha256(source)));
                String key = hex[0];
                expected = key;
                if (openssl) {
                    opensslTimes.add(Measure.nanos(() -> run(work, "openssl", "dgst", "-sha256", source.toString())));
                }
                Measure.sync();
                copies.add(Measure.nanos(() -> {
                    check(key, ingest(template, "direct:copy", source));
                    flush(lake, key);
                }));
                template.sendBodyAndHeader("direct:delete", null, TarnConstants.KEY, key);
                Measure.sync();
                moves.add(Measure.nanos(() -> {
                    check(key, ingest(template, "direct:move", source));
                    flush(lake, key);
                }));
                if (Files.exists(source)) {
                    throw new IllegalStateException("ingest=move left " + source);
                }
                template.sendBodyAndHeader("direct:delete", null, TarnConstants.KEY, key);
                if (python.isPresent()) {
                    fresh(source, size);
                    Path pyWork = work.resolve("py");
                    Measure.removeTree(pyWork);
                    Files.createDirectories(pyWork);
                    Measure.sync();
                    // the interpreter's start is not Python tarn's cost: its own timing of write(), then the flush
                    long took = python.get().largeWrite(pyWork, source);
                    pythons.add(took + Measure.nanos(() -> flush(pyWork.resolve("lake"), key)));
                    Measure.removeTree(pyWork);
                }
            }
            if (expected == null) {
                throw new IllegalStateException("no round ran");
            }
        } finally {
            Measure.removeTree(work);
        }
        return new Result(work, size, Measure.median(digests), Measure.median(opensslTimes), Measure.median(copies),
                Measure.median(moves), Measure.median(pythons));
    }

    private static void check(String expected, String key) {
        if (!expected.equals(key)) {
            throw new IllegalStateException("the lake gave key " + key + " where SHA-256 alone gave " + expected);
        }
    }

    private static String ingest(ProducerTemplate template, String route, Path source) {
        return template.request(route, e -> e.getIn().setBody(source.toFile())).getMessage()
                .getHeader(TarnConstants.KEY, String.class);
    }

    /**
     * Makes what one ingest wrote durable, and only that: fsync of the stored file and of its folder (a global
     * {@code sync} would also wait for whatever else the machine is writing).
     */
    private static void flush(Path lake, String key) throws Exception {
        Path stored = DiskLocation.open(lake).pathOf(HashAlgorithm.SHA256.parseKey(key));
        try (FileChannel file = FileChannel.open(stored, StandardOpenOption.READ)) {
            file.force(true);
        }
        try (FileChannel folder = FileChannel.open(stored.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    /** Writes the file anew (distinct content each time is not needed: the lake is emptied between rounds), synced. */
    private static void fresh(Path source, long size) throws Exception {
        Files.deleteIfExists(source);
        try (OutputStream out = Files.newOutputStream(source); InputStream in = IngestHarness.generated(size, 42)) {
            in.transferTo(out);
        }
        Measure.sync();
    }

    /** SHA-256 of the file alone, as the lake hashes it: the JDK's digest over read-only mappings. */
    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            for (long at = 0; at < size; at += 64L << 20) {
                MappedByteBuffer window = in.map(FileChannel.MapMode.READ_ONLY, at, Math.min(64L << 20, size - at));
                digest.update(window);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean available(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static void run(Path work, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed in " + work);
        }
    }

    private static String seconds(long nanos) {
        return nanos == 0 ? "not run" : String.format("%.3f s", nanos / 1e9);
    }
}
