package io.tarn.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.camel.backend.servers.S3Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * from("tarn:lake") on S3 sweeps the lake in key order, going on after the key its last poll stopped at, and keeps what
 * it handed on in a sorted file read alongside the listing: no key held in memory, no listing from the first key at
 * every poll. Checked against what was written, over a random sequence of writes (keys land before and after the
 * cursor), polls of three values, restarts, failed exchanges and outages of the server (from the middle of a poll,
 * so that a value cannot be read and a listing ends early), on a real S3 server (s3proxy): every value is handed on
 * exactly once.
 */
class SweptConsumerTest {
    private static final long SEED = Long.getLong("tarn.swept.seed", new Random().nextLong());

    @TempDir
    Path tmp;

    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean failNext = new AtomicBoolean();
    private final AtomicBoolean outageAfterNext = new AtomicBoolean();
    private volatile S3Server server;

    private CamelContext consumer(String lake, Path position, TarnConsumerTest.ManualScheduler scheduler)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("manual", scheduler);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("tarn:c?" + lake + "&positionFile=" + position + "&maxMessagesPerPoll=3&drainBacklog=false"
                     + "&scheduler=#manual").process(e -> {
                         if (failNext.getAndSet(false)) {
                             throw new IllegalStateException("this exchange fails, as the test asked");
                         }
                         // the route reads the value, as routes do: during an outage that fails the exchange
                         byte[] bytes = e.getMessage().getBody(byte[].class);
                         if (bytes == null || bytes.length == 0) {
                             throw new IllegalStateException("no bytes read for " + e.getMessage().getHeader(TarnConstants.KEY));
                         }
                         received.add(e.getMessage().getHeader(TarnConstants.KEY, String.class));
                         if (outageAfterNext.getAndSet(false)) {
                             server.stop(); // the rest of this poll, and the next, meet the outage
                         }
                     });
            }
        });
        context.start();
        return context;
    }

    /** Writes through a tarn: route, as writers do; the key. */
    private static String write(ProducerTemplate producer, String lake, byte[] body) {
        return producer.request("tarn:w?" + lake, e -> e.getMessage().setBody(body)).getMessage()
                .getHeader(TarnConstants.KEY, String.class);
    }

    /** Runs until two runs in a row hand nothing on: the sweep that found nothing new went through the whole lake. */
    private void drain(TarnConsumerTest.ManualScheduler scheduler) {
        int idle = 0;
        for (int run = 0; idle < 2; run++) {
            assertThat(run).as("runs to drain the lake").isLessThan(10_000);
            idle = scheduler.runOnce(received) == 0 ? idle + 1 : 0;
        }
    }

    @Test
    void everyValueIsHandedOnOnceAcrossWritesBehindTheCursorRestartsAndFailures() throws Exception {
        System.out.println("SweptConsumerTest seed: -Dtarn.swept.seed=" + SEED);
        Random random = new Random(SEED);
        try (S3Server s3 = new S3Server(tmp.resolve("s3"))) {
            server = s3;
            s3.createBucket("lake");
            // retryAfter=0: once the server is back, the next call reaches it (no wait in the test)
            String lake = "location=RAW(s3:lake?endpoint=" + s3.endpoint() + "&region=us-east-1&accessKey="
                          + S3Server.IDENTITY + "&secretKey=" + S3Server.CREDENTIAL + "&retryAfter=0)";
            Path position = tmp.resolve("positions").resolve("c.keys");
            Set<String> written = new TreeSet<>();
            try (CamelContext writer = new DefaultCamelContext()) {
                writer.start();
                ProducerTemplate producer = writer.createProducerTemplate();
                TarnConsumerTest.ManualScheduler scheduler = new TarnConsumerTest.ManualScheduler();
                CamelContext context = consumer(lake, position, scheduler);
                List<String> steps = new ArrayList<>();
                try {
                    for (int step = 0; step < 60; step++) {
                        int what = random.nextInt(11);
                        if (what < 4) {
                            int n = 1 + random.nextInt(5);
                            for (int i = 0; i < n; i++) {
                                byte[] body = ("value " + random.nextLong()).getBytes();
                                written.add(write(producer, lake, body));
                            }
                            steps.add("write " + n);
                        } else if (what < 8) {
                            scheduler.runOnce(received);
                            steps.add("poll");
                        } else if (what == 8) {
                            context.stop();
                            scheduler = new TarnConsumerTest.ManualScheduler();
                            context = consumer(lake, position, scheduler);
                            steps.add("restart");
                        } else if (what == 9) {
                            failNext.set(true);
                            scheduler.runOnce(received);
                            failNext.set(false);
                            steps.add("poll, its first exchange failing");
                        } else {
                            // S3 goes down after the poll's first exchange: the poll's next value cannot be read,
                            // and the poll after it cannot list (its sweep ends early); then the server is back
                            outageAfterNext.set(true);
                            scheduler.runOnce(received);
                            if (outageAfterNext.getAndSet(false)) {
                                steps.add("poll (nothing handed on, so no outage)");
                            } else {
                                scheduler.runOnce(received);
                                s3.start();
                                steps.add("outage from the middle of a poll, a poll in it, the server back");
                            }
                        }
                    }
                    drain(scheduler);
                } finally {
                    context.stop();
                }
                String after = " after " + String.join("; ", steps) + " (seed " + SEED + ")";
                assertThat(received).as("no value handed on twice" + after).doesNotHaveDuplicates();
                assertThat(new HashSet<>(received)).as("every value handed on" + after).isEqualTo(written);
                // the last sweep went through the lake: what it handed on is merged into the sorted file
                assertThat(Files.readAllLines(position.resolveSibling("c.keys.sorted"))).as("the sorted position")
                        .containsExactlyElementsOf(written);
                assertThat(Files.size(position)).as("this sweep's keys, merged").isZero();
            }
        }
    }

    /**
     * A position file of an older camel-tarn (every key handed on, in the order they were) is sorted once when the
     * consumer starts: the values it names are not handed on again, the others are.
     */
    @Test
    void aPositionFileOfAnOlderVersionIsKept() throws Exception {
        try (S3Server s3 = new S3Server(tmp.resolve("s3"))) {
            s3.createBucket("lake");
            String lake = "location=RAW(s3:lake?endpoint=" + s3.endpoint() + "&region=us-east-1&accessKey="
                          + S3Server.IDENTITY + "&secretKey=" + S3Server.CREDENTIAL + ")";
            List<String> keys = new ArrayList<>();
            try (CamelContext writer = new DefaultCamelContext()) {
                writer.start();
                for (int i = 0; i < 20; i++) {
                    keys.add(write(writer.createProducerTemplate(), lake, ("old " + i).getBytes()));
                }
            }
            Path position = tmp.resolve("c.keys");
            List<String> before = new ArrayList<>(keys.subList(0, 12));
            Collections.shuffle(before, new Random(1));
            // as the older version left it: in no order, its last line torn by a crash
            Files.writeString(position, String.join("\n", before) + "\n" + keys.get(12).substring(0, 30));
            TarnConsumerTest.ManualScheduler scheduler = new TarnConsumerTest.ManualScheduler();
            CamelContext context = consumer(lake, position, scheduler);
            try {
                drain(scheduler);
            } finally {
                context.stop();
            }
            assertThat(received).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(keys.subList(12, 20));
            assertThat(Files.readAllLines(tmp.resolve("c.keys.sorted"))).containsExactlyElementsOf(new TreeSet<>(keys));
        }
    }
}
