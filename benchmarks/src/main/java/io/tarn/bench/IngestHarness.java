package io.tarn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.tarn.camel.TarnConstants;
import io.tarn.format.Sizes;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.FileUtil;

/**
 * Whole-route ingest of one large value, next to baselines measured in the same run:
 * <ul>
 * <li>{@code cp} of the same file (a separate process),</li>
 * <li>a Camel {@code file:} to {@code file:} copy route,</li>
 * <li>{@code file:} to {@code tarn:} (a File body, as a file consumer gives it),</li>
 * <li>a streamed InputStream body of the same size to {@code tarn:} (no source file).</li>
 * </ul>
 * Rounds alternate between the candidates; the median of each is reported, with the peak heap use of the JVM.
 * <p>
 * Usage: {@code IngestHarness <size, e.g. 1GiB> <rounds> <work folder> [stream-only]}
 */
public final class IngestHarness {
    private static final int BLOCK = 1 << 20;

    /** Medians in nanoseconds (0 for candidates not run) and the peak heap in bytes. */
    record Result(long cp, long fileCopy, long fileToTarn, long streamToTarn, long peakHeap) {
    }

    public static void main(String[] args) throws Exception {
        long size = Sizes.parse(args.length > 0 ? args[0] : "1GiB", "size");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Path.of(args.length > 2 ? args[2] : "target/ingest").toAbsolutePath();
        boolean streamOnly = args.length > 3 && args[3].equals("stream-only");
        Result result = measure(size, rounds, work, streamOnly);
        if (!streamOnly) {
            report("cp (baseline)", result.cp, size, result.cp);
            report("file: -> file: (Camel copy)", result.fileCopy, size, result.cp);
            report("file: -> tarn:", result.fileToTarn, size, result.cp);
        }
        report("InputStream -> tarn:", result.streamToTarn, size, streamOnly ? result.streamToTarn : result.cp);
        System.out.printf("peak heap used: %.1f MiB of max %.1f MiB%n", result.peakHeap / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    static Result measure(long size, int rounds, Path work, boolean streamOnly) throws Exception {
        FileUtil.removeDir(work.toFile());
        Files.createDirectories(work);
        Path source = work.resolve("source.bin");
        Path lake = work.resolve("lake");
        Path copies = work.resolve("copies");

        if (!streamOnly) {
            try (OutputStream out = Files.newOutputStream(source); InputStream in = generated(size, 42)) {
                in.transferTo(out);
            }
        }

        try (CamelContext context = RouteFigures.context()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:tarn").to("tarn:lake?root=" + lake);
                    from("direct:file").to("file:" + copies + "?fileName=copy.bin");
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            List<Long> cp = new ArrayList<>();
            List<Long> fileToFile = new ArrayList<>();
            List<Long> fileToTarn = new ArrayList<>();
            List<Long> streamToTarn = new ArrayList<>();
            String key = null;
            for (int round = 0; round < rounds; round++) {
                if (!streamOnly) {
                    Measure.sync();
                    cp.add(Measure.nanos(() -> run("cp", source.toString(), work.resolve("cp.bin").toString())));
                    Files.deleteIfExists(work.resolve("cp.bin"));
                    Measure.sync();
                    fileToFile.add(Measure.nanos(() -> template.sendBody("direct:file", source.toFile())));
                    Files.deleteIfExists(copies.resolve("copy.bin"));
                    String[] k = new String[1];
                    Measure.sync();
                    fileToTarn.add(Measure.nanos(() -> k[0] = template.request("direct:tarn", e -> e.getIn().setBody(source.toFile()))
                            .getMessage().getHeader(TarnConstants.KEY, String.class)));
                    key = k[0];
                    delete(template, key);
                }
                String[] k = new String[1];
                Measure.sync();
                streamToTarn.add(Measure.nanos(() -> k[0] = template.request("direct:tarn", e -> e.getIn().setBody(generated(size, 42)))
                        .getMessage().getHeader(TarnConstants.KEY, String.class)));
                if (key != null && !key.equals(k[0])) {
                    throw new IllegalStateException("stream and file gave different keys: " + key + " " + k[0]);
                }
                key = k[0];
                delete(template, key);
            }
            System.out.printf("value: %s, rounds: %d, key: %s%n", Sizes.format(size), rounds, key);
            return new Result(Measure.median(cp), Measure.median(fileToFile), Measure.median(fileToTarn),
                    Measure.median(streamToTarn), peakHeap());
        } finally {
            FileUtil.removeDir(work.toFile());
        }
    }

    private static void delete(ProducerTemplate template, String key) {
        template.request("direct:tarn", e -> {
            e.getIn().setHeader(TarnConstants.OPERATION, "delete");
            e.getIn().setHeader(TarnConstants.KEY, key);
        });
    }

    /** A deterministic pseudo-random stream of the given size, produced block by block. */
    static InputStream generated(long size, long seed) {
        byte[] block = new byte[BLOCK];
        new Random(seed).nextBytes(block);
        return new InputStream() {
            long left = size;
            long index;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                long position = size - left;
                int inBlock = (int) (position % BLOCK);
                if (inBlock == 0) {
                    // vary each block so that no two are equal
                    long n = index++;
                    for (int i = 0; i < 8; i++) {
                        block[i] = (byte) (n >>> (8 * i));
                    }
                }
                int n = (int) Math.min(Math.min(len, BLOCK - inBlock), left);
                System.arraycopy(block, inBlock, b, off, n);
                left -= n;
                return n;
            }
        };
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static void report(String name, long median, long size, long baseline) {
        System.out.printf("%-30s median %7.3f s  %7.1f MiB/s  %.2fx cp%n", name, median / 1e9,
                size / 1048576.0 / (median / 1e9), (double) median / baseline);
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

}
