package io.tarn.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;

/**
 * The lake's change feed on Kafka: a writer route stores the files of {@code samples/} in a disk lake and publishes
 * each value on a Kafka topic once it is stored; a consumer route reads that topic as the consumer group
 * {@code processors} and hands on each value from the lake. Kafka is a one-node KRaft cluster this example starts in
 * its own JVM, on a loopback port; with a real cluster, only the {@code brokers} of the feed change.
 */
public final class ChangeFeedExample {
    static final String TOPIC = "lake-changes";

    private ChangeFeedExample() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("example.home", ".")).toAbsolutePath().normalize();
        for (String line : run(home, home.resolve("work"))) {
            System.out.println(line);
        }
    }

    /** Runs the example and returns what it prints. */
    static List<String> run(Path home, Path work) throws Exception {
        List<Path> samples;
        try (Stream<Path> files = Files.list(home.resolve("samples"))) {
            samples = files.sorted().toList();
        }
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        try (KafkaClusterTestKit kafka = startKafka()) {
            createTopic(kafka.bootstrapServers());
            // every writer and every consumer of the lake names the same feed (a URI of more than one option would
            // need the RAW(...); on the component, camel.component.tarn.changes names it once for every endpoint)
            String feed = "RAW(kafka:" + TOPIC + "?brokers=" + kafka.bootstrapServers() + ")";
            try (CamelContext camel = new DefaultCamelContext()) {
                camel.getComponent("tarn", TarnComponent.class).setBaseDirectory(work.toString());
                Properties properties = new Properties();
                properties.setProperty("samples", home.resolve("samples").toString());
                properties.setProperty("feed", feed);
                camel.getPropertiesComponent().setInitialProperties(properties);
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        // the writers: each value is published on the feed once the lake has it
                        from("file:{{samples}}?noop=true&sortBy=file:name").routeId("writer")
                                .to("tarn:lake?changes={{feed}}")
                                .process(e -> out.add("wrote     " + e.getMessage().getHeader(TarnConstants.KEY)
                                                      + "  " + e.getMessage().getHeader("CamelFileName")));
                        // the consumers: every JVM running this route shares the feed's values as group "processors"
                        from("tarn:lake?changes={{feed}}&groupId=processors").routeId("processor")
                                .process(e -> out.add("handed on " + e.getMessage().getHeader(TarnConstants.KEY)
                                                      + "  " + e.getMessage().getBody(String.class).strip()));
                    }
                });
                NotifyBuilder handedOn = new NotifyBuilder(camel).fromRoute("processor").whenCompleted(samples.size())
                        .create();
                camel.start();
                if (!handedOn.matches(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the consumer group did not hand on the " + samples.size()
                                                    + " samples within 60 s: see the log above");
                }
            }
            out.add("Lake: " + work.resolve("lake") + "; its feed: the Kafka topic " + TOPIC + " at "
                    + kafka.bootstrapServers() + " (in this JVM, gone when it ends)");
        }
        return out;
    }

    /** A one-node Kafka (broker and controller in one, KRaft) in this JVM, on a loopback port. */
    private static KafkaClusterTestKit startKafka() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build();
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        return kafka;
    }

    /** The feed's topic: one partition per consumer JVM the group may have at most (here 2). */
    private static void createTopic(String brokers) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
    }
}
