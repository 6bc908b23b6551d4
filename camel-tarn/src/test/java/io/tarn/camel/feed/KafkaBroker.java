package io.tarn.camel.feed;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node KRaft Kafka (broker and controller in one) in the test JVM, on a loopback ephemeral port: one for every
 * test class of the JVM ({@link #shared()}; its start is most of what these tests cost), closed when the JVM ends
 * (or left to end with it, if closing takes longer than 10 s).
 * Each test uses topics of its own.
 */
final class KafkaBroker implements AutoCloseable {
    private static KafkaBroker shared;
    private final KafkaClusterTestKit cluster;

    static synchronized KafkaBroker shared() throws Exception {
        if (shared == null) {
            KafkaBroker started = new KafkaBroker();
            // closed as the JVM ends, for at most 10 s: surefire gives a forked JVM 30 s to end after the last test,
            // and a loaded machine has seen a broker take longer to stop
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Thread closing = new Thread(() -> {
                    try {
                        started.close();
                    } catch (Exception e) {
                        // the JVM ends: its temporary folders are left to the system
                    }
                }, "kafka-broker-close");
                closing.setDaemon(true);
                closing.start();
                try {
                    closing.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            shared = started;
        }
        return shared;
    }

    private KafkaBroker() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // lets a test's consumers fail over in seconds (sessionTimeoutMs below the default minimum, 6 s)
                .setConfigProp("group.min.session.timeout.ms", "1000")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    String brokers() {
        return cluster.bootstrapServers();
    }

    private Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers());
        return Admin.create(properties);
    }

    void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** Records of the topic not yet committed by the group (its lag), over every partition. */
    long lag(String topic, String group) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            partitions.forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(ends).all().get();
            long lag = 0;
            for (var entry : end.entrySet()) {
                OffsetAndMetadata at = committed.get(entry.getKey());
                lag += entry.getValue().offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
