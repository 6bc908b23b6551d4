package io.tarn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import one.profiler.AsyncProfiler;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import io.tarn.Key;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.backend.redis.RedisLocation;
import io.tarn.camel.backend.redis.RedisSettings;
import io.tarn.camel.backend.s3.S3Location;
import io.tarn.camel.backend.s3.S3Settings;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;

/**
 * Where the time of a missed (or close) figure goes: runs one figure's loop, warms it up, then samples the CPU with
 * async-profiler (its native library comes in its Maven Central jar) and prints the methods that take the most time,
 * alone and with what they call. The collapsed stacks are written for flame-graph tools.
 * <p>
 * Usage: {@code Profile <write|levels|disk|redis|ingest|threads|memo|evict|s3> [seconds, default 10] [stacks file, default target/profile-<figure>.txt]}
 * <ul>
 * <li>{@code write}: new 1 KiB values through a {@code tarn:} route (P2)</li>
 * <li>{@code levels}, {@code disk}: 1 KiB reads by key through a route, Levels(Small(Caffeine), disk) or disk (P3)</li>
 * <li>{@code redis}: 1 KiB reads through the Redis location, Lake API (P6; starts its own redis-server)</li>
 * <li>{@code ingest}: a 1 GiB file through a {@code tarn:} route (P1), per thread</li>
 * <li>{@code memo}: a memo hit of a 1 KiB body through {@code operation=memo} (P4)</li>
 * <li>{@code evict}: 1 KiB reads in a Zipf trace through a cache level bounded to 1,000 values over a disk lake of
 * 10,000, Lake API (P7's reads while the level evicts)</li>
 * <li>{@code s3}: new 1 KiB values through {@code Lake.write} into the S3 location (default settings) on an in-JVM
 * s3proxy over tmpfs, as {@link S3Bench} (P8); the server's own frames are in the samples too</li>
 * <li>{@code threads}: new 1 KiB values through {@code Lake.write} from 4 threads into /dev/shm (P2's 4-thread row)</li>
 * </ul>
 */
public final class Profile {
    private static final int VALUES = 10_000;

    private Profile() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: Profile <write|levels|disk|redis|ingest|threads|memo|evict|s3> [seconds] [stacks file]");
        }
        String figure = args[0];
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
        Path out = Path.of(args.length > 2 ? args[2] : "target/profile-" + figure + ".txt").toAbsolutePath();
        Path work = Files.createTempDirectory("tarn-profile-");
        try (CamelContext camel = RouteFigures.context()) {
            Loop loop = switch (figure) {
                case "write" -> writes(camel, work);
                case "levels", "disk" -> reads(camel, work, figure);
                case "redis" -> redis(camel);
                case "ingest" -> ingest(camel, work, false);
                case "stream" -> ingest(camel, work, true);
                case "threads" -> threads(work);
                case "memo" -> memo(camel, work);
                case "evict" -> evicting(work);
                case "s3" -> s3Writes(camel, work);
                default -> throw new IllegalArgumentException("unknown figure " + figure
                                                              + "; one of write, levels, disk, redis, ingest, stream, threads, memo, evict, s3");
            };
            long warmUntil = System.nanoTime() + seconds * 500_000_000L;
            int rounds = 0;
            while (System.nanoTime() < warmUntil) {
                loop.round(rounds++);
            }
            AsyncProfiler profiler = AsyncProfiler.getInstance();
            profiler.execute("start,event=cpu,interval=200us" + (figure.equals("ingest") || figure.equals("stream") ? ",threads" : ""));
            long start = System.nanoTime();
            long until = start + seconds * 1_000_000_000L;
            int measured = 0;
            while (System.nanoTime() < until) {
                loop.round(rounds++);
                measured++;
            }
            double perRound = (System.nanoTime() - start) / 1e3 / measured;
            profiler.execute("stop,file=" + out + ",collapsed");
            loop.close();
            System.out.printf("%s: %d rounds profiled, %.1f µs per round (%s)%n", figure, measured, perRound, loop.unit());
            summarize(out);
        } finally {
            Measure.removeTree(work);
        }
    }

    /** One figure's work, a round at a time. */
    private interface Loop {
        void round(int n) throws Exception;

        String unit();

        default void close() throws Exception {
        }
    }

    private static Loop writes(CamelContext camel, Path work) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:write").to("tarn:lake?root=" + work.resolve("lake"));
            }
        });
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        return new Loop() {
            @Override
            public void round(int n) {
                template.sendBody("direct:write", Measure.value(60, n, LakeBenchmarks.SIZE));
            }

            @Override
            public String unit() {
                return "one new 1 KiB value written";
            }
        };
    }

    private static Loop memo(CamelContext camel, Path work) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:memo").to("tarn:lake?root=" + work.resolve("lake") + "&operation=memo&memoRoute=direct:work");
                from("direct:work").process(e -> e.getMessage().setBody("length " + e.getMessage().getBody(byte[].class).length));
            }
        });
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        byte[] body = Measure.value(2, 0, LakeBenchmarks.SIZE);
        template.requestBody("direct:memo", body);
        return new Loop() {
            @Override
            public void round(int n) {
                if (!Boolean.TRUE.equals(template.request("direct:memo", e -> e.getIn().setBody(body)).getMessage()
                        .getHeader(TarnConstants.MEMO_HIT))) {
                    throw new IllegalStateException("the memo call did not hit");
                }
            }

            @Override
            public String unit() {
                return "one memo hit, 1 KiB body";
            }
        };
    }

    /** P7: reads in a Zipf trace through a cache level of 1,000 values over a disk lake of 10,000, as LifecycleBench. */
    private static Loop evicting(Path work) throws Exception {
        Path shm = Path.of("/dev/shm");
        Path root = Files.createTempDirectory(Files.isDirectory(shm) ? shm : work, "tarn-profile-");
        int capacity = 1_000;
        List<Key> keys = new java.util.ArrayList<>();
        try (Lake lake = Lake.open(root.resolve("hdd"))) {
            for (int i = 0; i < 10 * capacity; i++) {
                keys.add(lake.write(Measure.value(77, i, LakeBenchmarks.SIZE)));
            }
        }
        io.tarn.location.combine.Levels tree = io.tarn.location.combine.Levels.ofLevels(
                io.tarn.location.combine.Level.of(DiskLocation.open(root.resolve("ssd"))).withWrite(false)
                        .withCapacity(io.tarn.location.eviction.Capacity.ofValues(capacity)),
                io.tarn.location.combine.Level.of(DiskLocation.open(root.resolve("hdd"))));
        int[] trace = ZipfTrace.of(10 * capacity, 1.0, 1_000_000, 15);
        return new Loop() {
            @Override
            public void round(int n) {
                for (int i = 0; i < 100; i++) {
                    Location.closeQuietly(tree.read(keys.get(trace[(n * 100 + i) % trace.length])).orElseThrow());
                }
            }

            @Override
            public String unit() {
                return "100 Zipf reads through a bounded level of 1,000 values that evicts";
            }

            @Override
            public void close() throws Exception {
                Measure.removeTree(root);
            }
        };
    }

    /** P8: new 1 KiB values through a Lake over the S3 location, on an in-JVM s3proxy over tmpfs. */
    private static Loop s3Writes(CamelContext camel, Path work) throws Exception {
        Path shm = Path.of("/dev/shm");
        Path root = Files.createTempDirectory(Files.isDirectory(shm) ? shm : work, "tarn-profile-");
        InJvmS3 server = new InJvmS3(root);
        server.createBucket("tarn");
        camel.start();
        Lake lake = new Lake(S3Location.of(camel, S3Settings.of("tarn")
                .withEndpoint(server.endpoint()).withCredentials(InJvmS3.IDENTITY, InJvmS3.CREDENTIAL)));
        return new Loop() {
            @Override
            public void round(int n) {
                lake.write(Measure.value(64, n, LakeBenchmarks.SIZE));
            }

            @Override
            public String unit() {
                return "one new 1 KiB value written through the S3 location (s3proxy in this JVM)";
            }

            @Override
            public void close() throws Exception {
                lake.close();
                server.close();
                Measure.removeTree(root);
            }
        };
    }

    /** New 1 KiB values through {@code Lake.write(byte[])} from 4 threads into a lake in /dev/shm (P2, tmpfs). */
    private static Loop threads(Path work) throws Exception {
        Path shm = Path.of("/dev/shm");
        Path root = Files.createTempDirectory(Files.isDirectory(shm) ? shm : work, "tarn-profile-");
        Lake lake = Lake.open(root);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Bench.WRITER_THREADS);
        return new Loop() {
            @Override
            public void round(int n) throws Exception {
                List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();
                for (int t = 0; t < Bench.WRITER_THREADS; t++) {
                    int thread = t;
                    tasks.add(pool.submit(() -> {
                        for (int i = 0; i < 250; i++) {
                            lake.write(Measure.value(63 + thread, n * 250 + i, LakeBenchmarks.SIZE));
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> task : tasks) {
                    task.get();
                }
            }

            @Override
            public String unit() {
                return Bench.WRITER_THREADS + " x 250 new 1 KiB values written by Lake.write from as many threads, tmpfs";
            }

            @Override
            public void close() throws Exception {
                pool.shutdownNow();
                lake.close();
                Measure.removeTree(root);
            }
        };
    }

    private static Loop reads(CamelContext camel, Path work, String figure) throws Exception {
        DiskLocation disk = DiskLocation.open(work.resolve("lake"));
        Location levels = LakeBenchmarks.memoryOverDisk(camel, disk);
        camel.getRegistry().bind("lake", figure.equals("disk") ? disk : levels);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:read").to("tarn:lake?location=#lake&operation=read").convertBodyTo(byte[].class);
            }
        });
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        String[] keys = new String[VALUES];
        Lake lake = new Lake(disk);
        for (int i = 0; i < VALUES; i++) {
            keys[i] = lake.write(Measure.value(61, i, LakeBenchmarks.SIZE)).hex();
        }
        return new Loop() {
            @Override
            public void round(int n) {
                byte[] body = template.requestBodyAndHeader("direct:read", null, TarnConstants.KEY, keys[n % VALUES], byte[].class);
                if (body.length != LakeBenchmarks.SIZE) {
                    throw new IllegalStateException("read " + body.length + " bytes");
                }
            }

            @Override
            public String unit() {
                return "one 1 KiB read through " + figure;
            }
        };
    }

    private static Loop redis(CamelContext camel) throws Exception {
        RedisProcess server = new RedisProcess();
        camel.start();
        Lake lake = new Lake(new RedisLocation(camel, RedisSettings.of("127.0.0.1", server.port())));
        Key[] keys = new Key[VALUES];
        for (int i = 0; i < VALUES; i++) {
            keys[i] = lake.write(Measure.value(62, i, LakeBenchmarks.SIZE));
        }
        return new Loop() {
            @Override
            public void round(int n) throws Exception {
                Measure.drain(lake.get(keys[n % VALUES]));
            }

            @Override
            public String unit() {
                return "one 1 KiB read through the Redis location";
            }

            @Override
            public void close() throws Exception {
                lake.close();
                server.close();
            }
        };
    }

    /** P1 (a file body) or P1' ({@code stream}: the same file as an InputStream body, which the lake spools). */
    private static Loop ingest(CamelContext camel, Path work, boolean stream) throws Exception {
        Path source = work.resolve("source.bin");
        try (OutputStream out = Files.newOutputStream(source); InputStream in = IngestHarness.generated(1L << 30, 42)) {
            in.transferTo(out);
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:tarn").to("tarn:lake?root=" + work.resolve("lake"));
            }
        });
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        return new Loop() {
            @Override
            public void round(int n) {
                // the write leaves the body as it was and gives the key in a header
                String key;
                try (InputStream in = stream ? Files.newInputStream(source) : null) {
                    key = template.request("direct:tarn", e -> e.getIn().setBody(stream ? in : source.toFile()))
                            .getMessage().getHeader(TarnConstants.KEY, String.class);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                template.sendBodyAndHeader("tarn:lake?root=" + work.resolve("lake") + "&operation=delete", null,
                        TarnConstants.KEY, key);
            }

            @Override
            public String unit() {
                return stream ? "one 1 GiB InputStream ingested" : "one 1 GiB file ingested";
            }
        };
    }

    /** Prints the frames with the most samples on top of the stack (self) and anywhere in it (total). */
    private static void summarize(Path stacks) throws Exception {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        long all = 0;
        for (String line : Files.readAllLines(stacks, StandardCharsets.UTF_8)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long count = Long.parseLong(line.substring(space + 1));
            String[] frames = line.substring(0, space).split(";");
            all += count;
            self.merge(frames[frames.length - 1], count, Long::sum);
            Set<String> seen = new HashSet<>(List.of(frames));
            for (String frame : seen) {
                total.merge(frame, count, Long::sum);
            }
        }
        print("self", self, all, 25);
        print("total (io.tarn and Camel frames)", filter(total), all, 40);
        System.out.println("stacks: " + stacks);
    }

    private static Map<String, Long> filter(Map<String, Long> total) {
        Map<String, Long> kept = new HashMap<>();
        total.forEach((frame, count) -> {
            if (frame.startsWith("io/tarn/") || frame.startsWith("org/apache/camel/") || frame.startsWith("[")) {
                kept.put(frame, count);
            }
        });
        return kept;
    }

    private static void print(String title, Map<String, Long> counts, long all, int top) {
        System.out.println("== " + title + " (" + all + " samples)");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("%5.1f%% %s%n", 100.0 * e.getValue() / all, e.getKey()));
    }
}
