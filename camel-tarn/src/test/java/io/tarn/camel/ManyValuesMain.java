package io.tarn.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A child JVM for {@link ManyValuesTest}, run with a small heap.
 * <ul>
 * <li>{@code list ROOT}: lists the lake through {@code split(body()).streaming()}; prints the number of keys, whether
 * they came in ascending order, and the sum of their hashCodes.</li>
 * <li>{@code consume ROOT POSITION RECEIVED HOLD_AT}: consumes the lake, appending each key to RECEIVED once its
 * exchange is done; at the HOLD_AT-th value (0: never) it prints {@code holding} and blocks in the exchange, to be
 * killed. Prints {@code started}, then {@code scans N} whenever a full scan ends.</li>
 * </ul>
 */
public final class ManyValuesMain {
    private ManyValuesMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("list")) {
            list(Path.of(args[1]));
        } else {
            consume(Path.of(args[1]), args[2], Path.of(args[3]), Long.parseLong(args[4]));
        }
    }

    private static void list(Path root) throws Exception {
        AtomicLong count = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        String[] previous = {""};
        boolean[] ordered = {true};
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:list").to("tarn:lake?operation=list&root=" + root).split(body()).streaming()
                            .process(e -> {
                                String key = e.getMessage().getBody(String.class);
                                ordered[0] &= key.compareTo(previous[0]) > 0;
                                previous[0] = key;
                                count.incrementAndGet();
                                sum.addAndGet(key.hashCode());
                            });
                }
            });
            context.start();
            context.createProducerTemplate().sendBody("direct:list", null);
        }
        System.out.println("listed " + count.get() + " ordered " + ordered[0] + " sum " + sum.get());
    }

    private static void consume(Path root, String position, Path received, long holdAt) throws Exception {
        FileChannel out = FileChannel.open(received, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        AtomicLong count = new AtomicLong();
        CountDownLatch never = new CountDownLatch(1);
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("tarn:lake?root=" + root + "&positionFile=" + position
                     + "&delay=10&maxMessagesPerPoll=1000&fullScanPeriod=5s").routeId("consumer")
                        .process(e -> {
                            if (count.incrementAndGet() == holdAt) {
                                System.out.println("holding");
                                System.out.flush();
                                never.await();
                            }
                            String key = e.getMessage().getHeader(TarnConstants.KEY, String.class);
                            try {
                                out.write(ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.US_ASCII)));
                            } catch (IOException ex) {
                                throw new UncheckedIOException(ex);
                            }
                        });
            }
        });
        context.start();
        System.out.println("started");
        System.out.flush();
        TarnConsumer consumer = (TarnConsumer) context.getRoute("consumer").getConsumer();
        long scans = 0;
        while (true) {
            long now = consumer.completedScans();
            if (now != scans) {
                scans = now;
                System.out.println("scans " + scans);
                System.out.flush();
            }
            Thread.sleep(20);
        }
    }
}
