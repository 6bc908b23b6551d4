package io.tarn.camel.feed;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.HashAlgorithm;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.backend.servers.S3Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change feed on a real Kafka (KRaft, in this JVM): writers publish what they store once it is stored, a consumer
 * group hands each value on, the feed's faults never fail a write. One broker for the class; a topic per test.
 */
class ChangeFeedTest {
    private static KafkaBroker kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = KafkaBroker.shared();
    }

    private CamelContext context() {
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(10);
        context.getComponent("tarn", TarnComponent.class).setBaseDirectory(tmp.resolve("base").toString());
        return context;
    }

    private String lake() {
        return "tarn:lake?root=" + tmp.resolve("lake");
    }

    /** Values handed on by a route, by key: how often, and the body and headers of the last exchange. */
    private static final class HandedOn {
        final Map<String, AtomicInteger> times = new ConcurrentHashMap<>();
        final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        final List<Map<String, Object>> headers = Collections.synchronizedList(new ArrayList<>());

        void record(Exchange exchange) {
            String key = exchange.getMessage().getHeader(TarnConstants.KEY, String.class);
            times.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            assertThat(exchange.getMessage().getBody()).as("the body of a disk lake's value").isInstanceOf(File.class);
            bodies.put(key, exchange.getMessage().getBody(byte[].class));
            headers.add(Map.copyOf(exchange.getMessage().getHeaders()));
        }
    }

    private static void await(String what, Duration within, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", within, what).isLessThan(end);
            Thread.sleep(50);
        }
    }

    @Test
    void valuesWrittenReachTheGroupOnceWithTheirKeyAndBody() throws Exception {
        kafka.createTopic("written", 3);
        // pollTimeoutMs: a stop waits for the poll in progress
        String feed = "kafka:written?brokers=" + kafka.brokers() + "&pollTimeoutMs=200";
        HandedOn handedOn = new HandedOn();
        List<String> records = Collections.synchronizedList(new ArrayList<>());
        List<String> recordKeys = Collections.synchronizedList(new ArrayList<>());
        try (CamelContext context = context()) {
            // the feed given once on the component, as camel.component.tarn.changes does; the group on the consumer
            PropertyBindingSupport.build().withCamelContext(context).withTarget(context.getComponent("tarn"))
                    .withProperty("changes", feed).bind();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(lake() + "&groupId=readers").routeId("readers").process(handedOn::record);
                    from(feed + "&groupId=raw&autoOffsetReset=earliest").process(e -> {
                        records.add(e.getMessage().getBody(String.class));
                        recordKeys.add(e.getMessage().getHeader("kafka.KEY", String.class));
                    });
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            long before = System.currentTimeMillis();
            Map<String, String> written = new ConcurrentHashMap<>();
            for (int i = 0; i < 20; i++) {
                String value = "value " + i;
                String key = template.request(lake(), e -> {
                    e.getMessage().setBody(value);
                    if (value.equals("value 7")) {
                        e.getMessage().setHeader(TarnConstants.LABELS, "raw,scanner \"7\"");
                    }
                }).getMessage().getHeader(TarnConstants.KEY, String.class);
                written.put(key, value);
            }
            long after = System.currentTimeMillis();
            // a record whose value is not in the lake (deleted since): passed over, and committed
            String gone = "0".repeat(64);
            template.sendBodyAndHeader(feed, "{\"key\":\"" + gone + "\",\"size\":1,\"labels\":[],\"clock\":1}",
                    "kafka.KEY", gone);

            await("20 values handed on", Duration.ofSeconds(30), () -> handedOn.times.size() >= 20);
            await("the group to commit every record", Duration.ofSeconds(30), () -> {
                return lagOf("written", "readers") == 0;
            });
            Thread.sleep(500);
            assertThat(handedOn.times).as("each value once, the deleted one not at all").hasSize(20)
                    .allSatisfy((key, times) -> assertThat(times.get()).as(key).isEqualTo(1))
                    .doesNotContainKey(gone);
            handedOn.bodies.forEach((key, body) -> assertThat(new String(body, StandardCharsets.UTF_8))
                    .isEqualTo(written.get(key)));
            // the headers are those of the scanning consumer: the key, and nothing of Kafka
            assertThat(handedOn.headers).allSatisfy(headers -> assertThat(headers.keySet()).containsExactly(TarnConstants.KEY));

            await("the raw records", Duration.ofSeconds(30), () -> records.size() >= 21);
            assertThat(recordKeys).as("the record key is the tarn key").containsAll(written.keySet());
            String labelled = written.entrySet().stream().filter(e -> e.getValue().equals("value 7")).findFirst()
                    .orElseThrow().getKey();
            String json = records.stream().filter(r -> r.contains(labelled)).findFirst().orElseThrow();
            assertThat(json).matches("\\{\"key\":\"" + labelled + "\",\"size\":7,\"labels\":\\[\"raw\",\"scanner \\\\\"7\\\\\"\"\\],"
                                     + "\"clock\":\\d+\\}");
            long clock = Long.parseLong(json.replaceAll(".*\"clock\":(\\d+)}", "$1"));
            assertThat(clock).isBetween(before, after);

            // a suspended route hands nothing on; resumed, it goes on where it stopped
            context.getRouteController().suspendRoute("readers");
            String later = template.request(lake(), e -> e.getMessage().setBody("written while suspended")).getMessage()
                    .getHeader(TarnConstants.KEY, String.class);
            Thread.sleep(1000);
            assertThat(handedOn.times).doesNotContainKey(later);
            context.getRouteController().resumeRoute("readers");
            await("the value written while suspended", Duration.ofSeconds(30), () -> handedOn.times.containsKey(later));
        }
    }

    @Test
    void aGroupReadsAnS3LakeValueByValue() throws Exception {
        kafka.createTopic("s3-written", 2);
        String feed = "kafka:s3-written?brokers=" + kafka.brokers() + "&pollTimeoutMs=200";
        Map<String, String> handedOn = new ConcurrentHashMap<>();
        AtomicInteger times = new AtomicInteger();
        try (S3Server s3 = new S3Server(tmp.resolve("s3")); CamelContext context = context()) {
            s3.createBucket("lake");
            TarnComponent tarn = context.getComponent("tarn", TarnComponent.class);
            tarn.getLakes().put("scans", "s3:lake?endpoint=" + s3.endpoint() + "&region=us-east-1&accessKey="
                                         + S3Server.IDENTITY + "&secretKey="
                                         + URLEncoder.encode(S3Server.CREDENTIAL, StandardCharsets.UTF_8));
            tarn.getConfiguration().setChanges(feed);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("tarn:scans?groupId=readers").process(e -> {
                        assertThat(e.getMessage().getBody()).as("a remote value: a stream").isInstanceOf(InputStream.class);
                        times.incrementAndGet();
                        handedOn.put(e.getMessage().getHeader(TarnConstants.KEY, String.class),
                                e.getMessage().getBody(String.class));
                    });
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            Map<String, String> written = new ConcurrentHashMap<>();
            for (int i = 0; i < 10; i++) {
                String value = "an S3 value " + i;
                written.put(template.request("tarn:scans", e -> e.getMessage().setBody(value)).getMessage()
                        .getHeader(TarnConstants.KEY, String.class), value);
            }
            // a record of a value not in the lake (deleted since, say): passed over, and committed
            String gone = HashAlgorithm.SHA256.digest("never stored".getBytes(StandardCharsets.UTF_8)).hex();
            template.sendBodyAndHeader(feed, "{\"key\":\"" + gone + "\"}", "kafka.KEY", gone);
            await("10 values handed on", Duration.ofSeconds(30), () -> handedOn.size() >= 10);
            await("the group to commit every record", Duration.ofSeconds(30), () -> lagOf("s3-written", "readers") == 0);
            assertThat(handedOn).isEqualTo(written);
            assertThat(times.get()).as("each once, the one not stored not at all").isEqualTo(10);
        }
    }

    private static long lagOf(String topic, String group) {
        try {
            return kafka.lag(topic, group);
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void aFeedThatCannotBeReachedFailsNoWriteAndTheScanRepublishes() throws Exception {
        kafka.createTopic("outage", 2);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String down = "kafka:outage?brokers=127.0.0.1:" + closed;
        String feed = "RAW(kafka:outage?brokers=" + kafka.brokers() + "&pollTimeoutMs=200)";
        HandedOn handedOn = new HandedOn();
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<String> keys = new ArrayList<>();
        long took;
        try (CamelContext writers = context()) {
            writers.start();
            ProducerTemplate template = writers.createProducerTemplate();
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 5; i++) {
                    String value = "stored while the feed is down " + i;
                    Exchange done = template.request(lake() + "&changes=" + down, e -> e.getMessage().setBody(value));
                    assertThat(done.getException()).as("the write of %s", value).isNull();
                    keys.add(done.getMessage().getHeader(TarnConstants.KEY, String.class));
                }
            } finally {
                took = System.nanoTime() - start;
                System.setErr(err);
            }
        }
        assertThat(took).as("the first publish waits for the broker (maxBlockMs 5 s), the next ones not at all")
                .isLessThan(Duration.ofSeconds(9).toNanos());
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.contains("WARN") && l.contains("to the change feed")))
                .as("one WARN for the outage: %s", text).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("kafka:outage", "left to the lake's full scan"));
        try (CamelContext consumers = context()) {
            consumers.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(lake() + "&changes=" + feed + "&groupId=readers").process(handedOn::record);
                    // the safety net: a scanning consumer of the lake announces what it finds on the feed
                    from(lake() + "&positionFile=" + tmp.resolve("scan.position") + "&delay=100")
                            .to(lake() + "&operation=publish&changes=" + feed);
                }
            });
            consumers.start();
            await("the values stored during the outage", Duration.ofSeconds(30), () -> handedOn.times.size() >= 5);
            assertThat(handedOn.times.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        }
    }
}
