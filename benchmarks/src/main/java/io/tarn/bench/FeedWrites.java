package io.tarn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/**
 * What publishing to the change feed costs a writer (issue 27): new 100-byte values written from one thread through a
 * {@code tarn:} route into a disk lake, with {@code changes=kafka:…} (a one-node KRaft broker in this JVM, as the
 * change-feed example starts it) and without, in rounds that run both back to back in alternating order after an
 * uncounted warm-up; the ratio is the median of the rounds' own. Usage: {@code FeedWrites [--writes N] [--rounds R]
 * [--work DIR]} (default 2,000 writes, 9 rounds, a folder under /tmp); prints one line.
 */
public final class FeedWrites {
    private FeedWrites() {
    }

    public static void main(String[] args) throws Exception {
        int writes = 2000;
        int rounds = 9;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "tarn-feed-writes");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--writes" -> writes = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                                                              + "; usage: FeedWrites [--writes N] [--rounds R] [--work DIR]");
            }
        }
        System.out.println(measure(writes, rounds, work));
    }

    static String measure(int writes, int rounds, Path work) throws Exception {
        Measure.removeTree(work);
        Files.createDirectories(work);
        List<Double> ratios = new ArrayList<>();
        List<Long> plain = new ArrayList<>();
        List<Long> fed = new ArrayList<>();
        try (LakeFeed broker = new LakeFeed(); CamelContext context = RouteFigures.context()) {
            String changes = "kafka:feed-writes?brokers=" + broker.brokers();
            Path without = work.resolve("without");
            Path with = work.resolve("with");
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:plain").to("tarn:plain?root=" + without);
                    from("direct:feed").to("tarn:fed?root=" + with + "&changes=RAW(" + changes + ")");
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            int series = 0;
            write(template, "direct:plain", ++series, writes);
            write(template, "direct:feed", ++series, writes);
            for (int round = 0; round < rounds; round++) {
                boolean plainFirst = round % 2 == 0;
                long a = plainFirst ? write(template, "direct:plain", ++series, writes) : 0;
                long b = write(template, "direct:feed", ++series, writes);
                a = plainFirst ? a : write(template, "direct:plain", ++series, writes);
                plain.add(a);
                fed.add(b);
                ratios.add((double) a / b); // a speed ratio: with the feed over without
            }
        } finally {
            Measure.removeTree(work);
        }
        double withRate = writes / (Measure.median(fed) / 1e9);
        double withoutRate = writes / (Measure.median(plain) / 1e9);
        return String.format("feed-writes: %,d new 100-byte values from one thread through a tarn: route, disk lake in %s:"
                             + " with changes=kafka: %,.0f writes/s, without %,.0f writes/s (medians of %d rounds):"
                             + " %s the speed without", writes, work.getParent(), withRate, withoutRate, rounds,
                Measure.Ratios.of(ratios).format());
    }

    /** Writes {@code n} new values of series {@code series}; the nanoseconds it took. */
    private static long write(ProducerTemplate template, String route, int series, int n) throws Exception {
        return Measure.nanos(() -> {
            for (int i = 0; i < n; i++) {
                template.sendBody(route, Measure.value(series, i, 100));
            }
        });
    }
}
