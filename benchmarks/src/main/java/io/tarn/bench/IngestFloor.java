package io.tarn.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
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

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import io.tarn.HashAlgorithm;
import io.tarn.camel.TarnConstants;
import io.tarn.format.Sizes;
import io.tarn.location.disk.DiskLocation;

/**
 * P1 against its physical floor: ingesting one large file through a {@code tarn:} route with {@code ingest=copy} and
 * with {@code ingest=move}, each timed up to and including the flush of what it wrote (fsync of the stored file and
 * its folder), next to
 * the SHA-256 of the same file alone, the fastest way this machine does it: each round times the JDK's digest over
 * read-only mappings of 64 MiB (each released at once) and over reads into a 1 MiB direct buffer, and takes the faster
 * as that round's floor ({@code openssl dgst -sha256} is timed too, as a whole process, and reported beside it) and Python tarn storing the same file (when its source is at $TARN_SRC, default /tmp/tarn), all in the
 * same run, the file in the page cache each time (it is written and synced, untimed, before each ingest). In each
 * round the SHA-256 alone and the move run back to back in alternating order, and every ratio is that round's time
 * over its SHA-256 alone: the median and quartiles of the rounds are reported. A key that differs from the floor's
 * digest fails the run.
 * <p>
 * Usage: {@code IngestFloor <size, e.g. 1GiB> <rounds> <work folder>...} (one line of figures per folder: put one
 * on the disk and one on a tmpfs such as /dev/shm).
 */
public final class IngestFloor {

    /**
     * Medians in nanoseconds; 0 for a candidate that could not run here. The ratios are each round's time over the
     * SHA-256 alone of the same round (see {@link Measure.Ratios}).
     */
    record Result(Path folder, long size, long jdkDigest, long jdkMapped, long jdkRead, long openssl, long copy, long copyAlone,
                  long move, long python, Measure.Ratios copyRatios, Measure.Ratios copyToPlain, Measure.Ratios moveRatios,
                  Measure.Ratios pythonRatios, long writerCheck, long stream, Measure.Ratios streamRatios) {
        double copyRatio() {
            return copyRatios.median();
        }

        double moveRatio() {
            return moveRatios.median();
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
        System.out.printf("%s, %s: SHA-256 alone %.3f s (JDK over mappings %.3f s, over reads %.3f s; openssl %s),"
                          + " copy ingest + flush %.3f s (%s), move ingest + flush %.3f s (%s), of which the writer"
                          + " check %.1f ms; InputStream + flush %.3f s (%s); Python tarn + flush %s%n", r.folder,
                Sizes.format(r.size), r.jdkDigest / 1e9, r.jdkMapped / 1e9, r.jdkRead / 1e9, seconds(r.openssl),
                r.copy / 1e9, r.copyRatios.format(), r.move / 1e9, r.moveRatios.format(), r.writerCheck / 1e6,
                r.stream / 1e9, r.streamRatios.format(), seconds(r.python));
    }

    static Result measure(long size, int rounds, Path work) throws Exception {
        Measure.removeTree(work);
        Files.createDirectories(work);
        Path source = work.resolve("source.bin");
        Path lake = work.resolve("lake");
        boolean openssl = available("openssl", "version");
        Optional<PythonTarn> python = PythonTarn.find();
        List<Long> digests = new ArrayList<>();
        List<Long> mapped = new ArrayList<>();
        List<Long> read = new ArrayList<>();
        List<Long> opensslTimes = new ArrayList<>();
        List<Long> copies = new ArrayList<>();
        List<Long> copyAlones = new ArrayList<>();
        List<Double> copyToPlain = new ArrayList<>();
        List<Long> moves = new ArrayList<>();
        List<Long> pythons = new ArrayList<>();
        List<Double> moveRatios = new ArrayList<>();
        List<Double> copyRatios = new ArrayList<>();
        List<Double> pythonRatios = new ArrayList<>();
        List<Long> checks = new ArrayList<>();
        List<Long> streams = new ArrayList<>();
        List<Double> streamRatios = new ArrayList<>();
        Method check = writerCheck();
        try (CamelContext context = RouteFigures.context()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:copy").to("tarn:lake?ingest=copy&root=" + lake);
                    from("direct:move").to("tarn:lake?ingest=move&root=" + lake);
                    from("direct:stream").to("tarn:lake?root=" + lake);
                    from("direct:delete").setHeader(TarnConstants.OPERATION, constant("delete")).to("tarn:lake?root=" + lake);
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            warmUp(template, source, lake, Math.min(size, 64L << 20));
            // the first round's digest gives the key; every round stores the same bytes
            String expected = null;
            for (int round = 0; round < rounds; round++) {
                // the SHA-256 alone and the move back to back, in alternating order: the move takes the file, so when
                // it goes first the digest is timed over the stored value (the same file, the same cached pages)
                fresh(source, size);
                if (check != null) { // untimed: what the move's look at every process's open files costs alone
                    checks.add(Measure.nanos(() -> check.invoke(null, source)));
                }
                String[] hex = new String[1];
                boolean moveFirst = round % 2 == 1;
                String key;
                if (moveFirst) {
                    key = expected;
                    Measure.sync();
                    moves.add(timedMove(template, source, lake, key));
                    Path stored = DiskLocation.open(lake).pathOf(HashAlgorithm.SHA256.parseKey(key));
                    digests.add(floor(stored, hex, mapped, read));
                    check(hex[0], key);
                } else {
                    digests.add(floor(source, hex, mapped, read));
                    key = hex[0];
                    Measure.sync();
                    moves.add(timedMove(template, source, lake, key));
                }
                expected = key;
                long digest = digests.get(round);
                moveRatios.add((double) moves.get(round) / digest);
                template.sendBodyAndHeader("direct:delete", null, TarnConstants.KEY, key);
                fresh(source, size);
                if (openssl) {
                    opensslTimes.add(Measure.nanos(() -> run(work, "openssl", "dgst", "-sha256", source.toString())));
                }
                // ingest=copy writes the file as well as hashing it: a plain copy with its flush is timed back to back
                // with it, in alternating order, to tell whether writing the copy, not hashing, bounds it
                Path plain = work.resolve("plain.bin");
                long alone = round % 2 == 0 ? plainCopy(source, plain) : -1;
                Measure.sync();
                long copy = Measure.nanos(() -> {
                    check(key, ingest(template, "direct:copy", source));
                    flush(lake, key);
                });
                alone = alone < 0 ? plainCopy(source, plain) : alone;
                copies.add(copy);
                copyAlones.add(alone);
                copyRatios.add((double) copy / digest);
                copyToPlain.add((double) copy / alone);
                template.sendBodyAndHeader("direct:delete", null, TarnConstants.KEY, key);
                // P1': the same bytes as an InputStream (the lake knows no file: it spools while it hashes)
                Measure.sync();
                long stream = Measure.nanos(() -> {
                    try (InputStream in = Files.newInputStream(source)) {
                        check(key, ingest(template, "direct:stream", in));
                    }
                    flush(lake, key);
                });
                streams.add(stream);
                streamRatios.add((double) stream / digest);
                template.sendBodyAndHeader("direct:delete", null, TarnConstants.KEY, key);
                if (python.isPresent()) {
                    Path pyWork = work.resolve("py");
                    Measure.removeTree(pyWork);
                    Files.createDirectories(pyWork);
                    Measure.sync();
                    // the interpreter's start is not Python tarn's cost: its own timing of write(), then the flush
                    long took = python.get().largeWrite(pyWork, source);
                    long py = took + Measure.nanos(() -> flush(pyWork.resolve("lake"), key));
                    pythons.add(py);
                    pythonRatios.add((double) py / digest);
                    Measure.removeTree(pyWork);
                }
                if (System.getenv("TARN_BENCH_ROUNDS") != null) {
                    System.err.printf("%s round %d: move %.3f, copy %.3f of the SHA-256 alone%n", work, round,
                            moveRatios.get(round), copyRatios.get(round));
                }
            }
            if (expected == null) {
                throw new IllegalStateException("no round ran");
            }
        } finally {
            Measure.removeTree(work);
        }
        return new Result(work, size, Measure.median(digests), Measure.median(mapped), Measure.median(read),
                Measure.median(opensslTimes), Measure.median(copies), Measure.median(copyAlones),
                Measure.median(moves), Measure.median(pythons), Measure.Ratios.of(copyRatios), Measure.Ratios.of(copyToPlain), Measure.Ratios.of(moveRatios),
                Measure.Ratios.of(pythonRatios), Measure.median(checks), Measure.median(streams),
                Measure.Ratios.of(streamRatios));
    }

    /**
     * A smaller file through every path once, untimed, so that the first round does not pay for loading and compiling
     * them (it was 1.31× where the others were 1.02-1.14×).
     */
    private static void warmUp(ProducerTemplate template, Path source, Path lake, long size) throws Exception {
        fresh(source, size);
        String key = sha256(source);
        timedMove(template, source, lake, key);
        template.sendBodyAndHeader("direct:delete", null, TarnConstants.KEY, key);
        fresh(source, size);
        check(key, ingest(template, "direct:copy", source));
        flush(lake, key);
        template.sendBodyAndHeader("direct:delete", null, TarnConstants.KEY, key);
    }

    /** One {@code ingest=move} of the file, up to and including the flush of what it stored. */
    private static long timedMove(ProducerTemplate template, Path source, Path lake, String key) throws Exception {
        long took = Measure.nanos(() -> {
            check(key, ingest(template, "direct:move", source));
            flush(lake, key);
        });
        if (Files.exists(source)) {
            throw new IllegalStateException("ingest=move left " + source);
        }
        return took;
    }

    private static void check(String expected, String key) {
        if (!expected.equals(key)) {
            throw new IllegalStateException("the lake gave key " + key + " where SHA-256 alone gave " + expected);
        }
    }

    private static String ingest(ProducerTemplate template, String route, Path source) {
        return ingest(template, route, source.toFile());
    }

    /** Sends a body (a file, a stream) to the route; the key it was stored under. */
    private static String ingest(ProducerTemplate template, String route, Object body) {
        return template.request(route, e -> e.getIn().setBody(body)).getMessage().getHeader(TarnConstants.KEY, String.class);
    }

    /**
     * Makes what one ingest wrote durable, and only that: fsync of the stored file and of its folder (a global
     * {@code sync} would also wait for whatever else the machine is writing).
     */
    private static void flush(Path lake, String key) throws Exception {
        flush(DiskLocation.open(lake).pathOf(HashAlgorithm.SHA256.parseKey(key)));
    }

    /**
     * The fastest plain copy of the file the JDK makes ({@code FileChannel.transferTo}: copy_file_range or sendfile,
     * no bytes through the heap), flushed as the lake flushes what it stores, then removed: its time.
     */
    private static long plainCopy(Path source, Path target) throws Exception {
        Measure.sync();
        long took = Measure.nanos(() -> {
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (long at = 0, size = in.size(); at < size; ) {
                    at += in.transferTo(at, size - at, out);
                }
            }
            flush(target);
        });
        Files.delete(target);
        return took;
    }

    /** fsync of a stored file and of its folder. */
    static void flush(Path stored) throws Exception {
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

    /**
     * The round's floor: the SHA-256 of the file by the JDK's two ways, back to back, in alternating order; the faster
     * one's time (each is noted in {@code mapped} and {@code read}), the digest in {@code hex[0]}.
     */
    private static long floor(Path file, String[] hex, List<Long> mapped, List<Long> read) throws Exception {
        String[] other = new String[1];
        long map;
        long reading;
        if (mapped.size() % 2 == 0) {
            map = Measure.nanos(() -> hex[0] = sha256(file));
            reading = Measure.nanos(() -> other[0] = sha256Read(file));
        } else {
            reading = Measure.nanos(() -> other[0] = sha256Read(file));
            map = Measure.nanos(() -> hex[0] = sha256(file));
        }
        check(hex[0], other[0]);
        mapped.add(map);
        read.add(reading);
        return Math.min(map, reading);
    }

    /**
     * SHA-256 of the file alone over read-only mappings of 64 MiB, each released once hashed. The release (munmap) is
     * part of it: leaving mappings to the garbage collector only moves that cost out of the timing, and holds deleted
     * files' space meanwhile (which slowed the rounds after).
     */
    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            for (long at = 0; at < size; at += 64L << 20) {
                MappedByteBuffer window = in.map(FileChannel.MapMode.READ_ONLY, at, Math.min(64L << 20, size - at));
                digest.update(window);
                unmap(window);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** SHA-256 of the file alone over reads into one 1 MiB direct buffer. */
    static String sha256Read(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer.clear()) >= 0) {
                digest.update(buffer.flip());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@code sun.misc.Unsafe.invokeCleaner}, which unmaps a buffer at once (the benchmarks run on Java 17). */
    private static final MethodHandle INVOKE_CLEANER = invokeCleaner();

    private static MethodHandle invokeCleaner() {
        try {
            Class<?> unsafe = Class.forName("sun.misc.Unsafe");
            Field instance = unsafe.getDeclaredField("theUnsafe");
            instance.setAccessible(true);
            return MethodHandles.lookup().findVirtual(unsafe, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(instance.get(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The SHA-256 floor unmaps what it hashed with sun.misc.Unsafe: run the"
                                            + " benchmarks on a JDK that has it (17 to 25)", e);
        }
    }

    private static void unmap(MappedByteBuffer window) {
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) window);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code io.tarn.lake.FileWriters.find(Path)}, package-private in tarn-core: the look a move makes at every process's
     * open files and mappings, to time it alone; null in a build without it (to compare with the moves before it).
     */
    static Method writerCheck() throws ReflectiveOperationException {
        try {
            Method find = Class.forName("io.tarn.lake.FileWriters").getDeclaredMethod("find", Path.class);
            find.setAccessible(true);
            return find;
        } catch (ClassNotFoundException e) {
            return null;
        }
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
