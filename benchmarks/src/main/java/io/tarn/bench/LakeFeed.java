package io.tarn.bench;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import io.tarn.Key;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.feed.Change;

/**
 * The lake-size series' feed step. In the parent JVM: a one-node KRaft Kafka (as the change-feed example and tests
 * start it) and, for a lake filled by hand, the change record of each of its values published on a topic of one
 * partition, as {@code ChangePublisher} publishes it (record key: the value's hex key; record value:
 * {@link Change#json()}), but from one Kafka producer that batches (writing 10⁷ values through camel-tarn, one
 * synchronous publish each, would take longer than the whole series). In the child JVM: the consumer group at its
 * defaults, {@code from("tarn:lake?changes=kafka:...&groupId=...")} through a no-op route, timed from the first value
 * handed on to the last.
 */
final class LakeFeed implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    LakeFeed() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    /**
     * A new topic holding the change records of the values {@code fill} put in the lake, in the order it made them;
     * returns the feed's URI (the {@code changes} option).
     */
    String publish(String topic, int n, int series, int size) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        AtomicReference<Exception> failed = new AtomicReference<>();
        long clock = System.currentTimeMillis();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < n && failed.get() == null; i++) {
                Key key = Key.of(sha.digest(Measure.value(series, i, size)));
                String json = new Change(key, size, Set.of(), clock).json();
                producer.send(new ProducerRecord<>(topic, key.hex(), json), (sent, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("publishing the change records on " + topic + " failed", failed.get());
        }
        return "kafka:" + topic + "?brokers=" + cluster.bootstrapServers();
    }

    /** The broker's address, for a {@code kafka:} URI's {@code brokers}. */
    String brokers() {
        return cluster.bootstrapServers();
    }

    /** Drops the topic (10⁷ records hold ~2 GB of the broker's log). */
    void drop(String topic) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.deleteTopics(List.of(topic)).all().get();
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /**
     * The child: the consumer group reads the feed at its defaults and hands every value on through a no-op route;
     * prints "figure feed seconds peakMiB firstTenth/s lastTenth/s".
     */
    static void consume(Path root, int n, String changes, HeapPeak peak) throws Exception {
        Tenths tenths = new Tenths(n);
        AtomicLong count = new AtomicLong();
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("tarn:lake?root=" + root + "&changes=RAW(" + changes + ")&groupId=lake-size").process(e -> {
                        e.getMessage().getHeader(TarnConstants.KEY, String.class);
                        tenths.record(count.incrementAndGet());
                    });
                }
            });
            context.start();
            while (count.get() < n) {
                Thread.sleep(5);
            }
        }
        System.out.printf("figure feed %.3f %.1f %.0f %.0f%n", tenths.seconds(), peak.stop(), tenths.early(),
                tenths.late());
    }
}
