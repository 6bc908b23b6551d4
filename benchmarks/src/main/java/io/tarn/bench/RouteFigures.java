package io.tarn.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import redis.clients.jedis.Jedis;

import io.tarn.Key;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.backend.redis.RedisLocation;
import io.tarn.camel.backend.redis.RedisSettings;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;

/**
 * Whole-route figures, each against its baseline measured in the same call: rounds alternate between candidate and
 * baseline, and the medians are compared. Times are nanoseconds per round.
 */
final class RouteFigures {
    static final int SIZE = LakeBenchmarks.SIZE;

    /**
     * The nanoseconds of each measured round of {@code ops} operations, candidate and baseline rounds interleaved
     * (round i of one ran right after round i of the other); the baseline list is empty for candidate-only figures.
     */
    record Pair(List<Long> candidates, List<Long> baselines, int ops) {
        long candidate() {
            return Measure.median(candidates);
        }

        long baseline() {
            return Measure.median(baselines);
        }

        double candidateMicros() {
            return candidate() / 1e3 / ops;
        }

        double baselineMicros() {
            return baseline() / 1e3 / ops;
        }

        int rounds() {
            return candidates.size();
        }

        /** Lowest and highest per-round figure, f applied to the nanoseconds of each round. */
        double[] range(java.util.function.LongToDoubleFunction f) {
            java.util.DoubleSummaryStatistics stats = candidates.stream().mapToDouble(f::applyAsDouble).summaryStatistics();
            return new double[] {stats.getMin(), stats.getMax()};
        }

        /** Lowest and highest of baseline/candidate over the interleaved rounds. */
        double[] speedupRange() {
            double low = Double.MAX_VALUE, high = 0;
            for (int i = 0; i < candidates.size(); i++) {
                double x = (double) baselines.get(i) / candidates.get(i);
                low = Math.min(low, x);
                high = Math.max(high, x);
            }
            return new double[] {low, high};
        }

        /** Lowest and highest of candidate/baseline over the interleaved rounds. */
        double[] slowdownRange() {
            double[] s = speedupRange();
            return new double[] {1 / s[1], 1 / s[0]};
        }
    }

    private RouteFigures() {
    }

    /**
     * P2 through a route: {@code values} new 1 KiB byte[] bodies to {@code tarn:}, sent from {@code threads} threads
     * at once (each its share of the values); candidate only.
     */
    static Pair writesThroughRoute(Path work, int values, int rounds, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (CamelContext camel = context()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:write").to("tarn:lake?root=" + work.resolve("p2-lake-" + threads));
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            List<Long> times = new ArrayList<>();
            for (int round = 0; round < rounds + 1; round++) {
                int series = 10 + round + 100 * threads;
                Measure.sync();
                long t = Measure.nanos(() -> {
                    if (threads == 1) {
                        for (int i = 0; i < values; i++) {
                            template.sendBody("direct:write", Measure.value(series, i, SIZE));
                        }
                        return;
                    }
                    List<Future<?>> senders = new ArrayList<>();
                    for (int thread = 0; thread < threads; thread++) {
                        int first = thread;
                        senders.add(pool.submit(() -> {
                            for (int i = first; i < values; i += threads) {
                                template.sendBody("direct:write", Measure.value(series, i, SIZE));
                            }
                        }));
                    }
                    for (Future<?> sender : senders) {
                        sender.get();
                    }
                });
                if (round > 0) {
                    times.add(t);
                }
            }
            return new Pair(times, List.of(), values);
        } finally {
            pool.shutdownNow();
        }
    }

    /** P3 through a route: {@code values} 1 KiB reads by key through Levels(Small(Caffeine), disk) vs disk alone. */
    static Pair readsThroughRoute(Path work, int values, int rounds) throws Exception {
        try (CamelContext camel = context()) {
            DiskLocation disk = DiskLocation.open(work.resolve("p3-lake"));
            Location levels = LakeBenchmarks.memoryOverDisk(camel, disk);
            camel.getRegistry().bind("disk", disk);
            camel.getRegistry().bind("levels", levels);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:disk").to("tarn:disk?location=#disk&operation=read").convertBodyTo(byte[].class);
                    from("direct:levels").to("tarn:levels?location=#levels&operation=read").convertBodyTo(byte[].class);
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            Lake lake = new Lake(disk);
            String[] keys = new String[values];
            for (int i = 0; i < values; i++) {
                keys[i] = lake.write(Measure.value(20, i, SIZE)).hex();
            }
            List<Long> fromLevels = new ArrayList<>();
            List<Long> fromDisk = new ArrayList<>();
            for (int round = 0; round < rounds + 1; round++) {
                long l = readAll(template, "direct:levels", keys);
                long d = readAll(template, "direct:disk", keys);
                if (round > 0) {
                    // the first round fills the memory level and warms the JIT
                    fromLevels.add(l);
                    fromDisk.add(d);
                }
            }
            return new Pair(fromLevels, fromDisk, values);
        }
    }

    private static long readAll(ProducerTemplate template, String uri, String[] keys) throws Exception {
        return Measure.nanos(() -> {
            for (String key : keys) {
                byte[] body = template.requestBodyAndHeader(uri, null, TarnConstants.KEY, key, byte[].class);
                if (body.length != SIZE) {
                    throw new IllegalStateException(uri + " read " + body.length + " bytes for " + key);
                }
            }
        });
    }

    /** P6: {@code values} 1 KiB reads through the Redis location (Lake API) vs raw GETs of the same keys with Jedis. */
    static Pair redisReads(int values, int rounds) throws Exception {
        try (RedisProcess server = new RedisProcess(); CamelContext camel = context()) {
            camel.start();
            try (Lake lake = new Lake(new RedisLocation(camel, RedisSettings.of("127.0.0.1", server.port())));
                 Jedis jedis = new Jedis("127.0.0.1", server.port())) {
                Key[] keys = new Key[values];
                for (int i = 0; i < values; i++) {
                    keys[i] = lake.write(Measure.value(30, i, SIZE));
                }
                List<Long> location = new ArrayList<>();
                List<Long> raw = new ArrayList<>();
                for (int round = 0; round < rounds + 1; round++) {
                    long l = Measure.nanos(() -> {
                        for (Key key : keys) {
                            Measure.drain(lake.get(key));
                        }
                    });
                    long r = Measure.nanos(() -> {
                        for (Key key : keys) {
                            if (jedis.get(key.bytes()).length != SIZE) {
                                throw new IllegalStateException("raw GET of " + key + " returned a wrong length");
                            }
                        }
                    });
                    if (round > 0) {
                        location.add(l);
                        raw.add(r);
                    }
                }
                return new Pair(location, raw, values);
            }
        }
    }

    /** P5: a child JVM with -Xmx64m ingests a streamed value of {@code size} bytes; returns its peak heap, or -1. */
    static double peakHeapMiB(Path work, String size) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), IngestHarness.class.getName(), size, "1",
                work.resolve("p5").toString(), "stream-only").redirectErrorStream(true).start();
        double peak = -1;
        Pattern line = Pattern.compile("peak heap used: ([0-9.]+) MiB");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String text;
            while ((text = out.readLine()) != null) {
                Matcher m = line.matcher(text);
                if (m.find()) {
                    peak = Double.parseDouble(m.group(1));
                }
            }
        }
        return process.waitFor() == 0 ? peak : -1;
    }

    static CamelContext context() {
        CamelContext camel = new DefaultCamelContext();
        // Camel 4 caches stream bodies in memory by default: a lake route moving large values turns it off
        camel.setStreamCaching(false);
        return camel;
    }
}
