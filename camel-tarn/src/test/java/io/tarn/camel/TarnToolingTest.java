package io.tarn.camel;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.HashAlgorithm;
import io.tarn.camel.idempotent.TarnIdempotentRepository;
import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Camel tooling reads of the component (component.properties, the descriptor's headers and option types, the
 * idempotent repository's bean metadata and JMX view, the health options), checked against what the component does.
 */
class TarnToolingTest {
    @TempDir
    Path tmp;

    private static JsonObject json(String resource) throws Exception {
        try (InputStream in = TarnToolingTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + " is on the class path").isNotNull();
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void componentPropertiesNamesTheComponentForTooling() throws Exception {
        List<Properties> ours = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/services/org/apache/camel/component.properties"))) {
            Properties properties = new Properties();
            try (InputStream in = url.openStream()) {
                properties.load(in);
            }
            if ("camel-tarn".equals(properties.getProperty("artifactId"))) {
                ours.add(properties);
            }
        }
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0).getProperty("components")).isEqualTo("tarn");
        assertThat(ours.get(0).getProperty("groupId")).isEqualTo("io.tarn");
    }

    @Test
    void headersAreLabelledByWhoSetsThem() throws Exception {
        JsonObject headers = (JsonObject) json("/META-INF/io/tarn/camel/tarn.json").get("headers");
        Map<String, String> labels = new java.util.TreeMap<>();
        headers.forEach((name, header) -> labels.put(name, ((JsonObject) header).getString("label")));
        assertThat(labels).containsEntry("CamelTarnKey", "common")            // producers read it, the consumer sets it
                .containsEntry("CamelTarnMemoHit", "producer")
                .containsEntry("CamelTarnVerifiedCount", "producer")
                .containsEntry("CamelTarnLabels", "producer");
        assertThat(labels.values()).as("every header is labelled").allMatch(l -> Set.of("common", "producer", "consumer").contains(l));
        assertThat(((JsonObject) headers.get("CamelTarnLabels")).getString("javaType"))
                .as("what a user sends: one comma-separated String (a Collection is accepted too)").isEqualTo("String");
    }

    @Test
    void locationAndMemoIndexAreLocationsThatTakeASpecOrABean() throws Exception {
        JsonObject properties = (JsonObject) json("/META-INF/io/tarn/camel/tarn.json").get("properties");
        for (String option : List.of("location", "memoIndex")) {
            assertThat(((JsonObject) properties.get(option)).getString("javaType")).isEqualTo(Location.class.getName());
        }
        try (CamelContext context = new DefaultCamelContext()) {
            Location bean = DiskLocation.open(tmp.resolve("bean"));
            context.getRegistry().bind("bean", bean);
            Path index = tmp.resolve("index");
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:bean").to("tarn:a?location=#bean");
                    from("direct:spec").to("tarn:b?location=RAW(levels(#bean, " + tmp.resolve("spec") + "))");
                    from("direct:memo").to("tarn:c?operation=memo&memoRoute=direct:upper&root=" + tmp.resolve("memo")
                                           + "&memoIndex=RAW(" + index + ")");
                    from("direct:upper").transform(body().convertToString().append("!"));
                }
            });
            context.start();
            context.createProducerTemplate().requestBody("direct:bean", "via bean");
            assertThat(bean.contains(HashAlgorithm.SHA256.digest("via bean".getBytes(StandardCharsets.UTF_8)))).isTrue();
            assertThat(context.getEndpoint("tarn:a?location=#bean", TarnEndpoint.class).getLake().location()).isSameAs(bean);
            context.createProducerTemplate().requestBody("direct:spec", "via spec");
            assertThat(bean.contains(HashAlgorithm.SHA256.digest("via spec".getBytes(StandardCharsets.UTF_8))))
                    .as("the spec's #bean leaf is the bean").isTrue();

            assertThat(context.createProducerTemplate().requestBody("direct:memo", "x", String.class)).isEqualTo("x!");
            try (var entries = DiskLocation.open(index).contents()) {
                // the entry, the step's two run records (its last, its last with this input) and its code record
                assertThat(entries.count()).as("the memo index is where memoIndex's spec says").isEqualTo(4);
            }

            assertThat(context.getTypeConverter().mandatoryConvertTo(Location.class, "levels(#bean, " + tmp.resolve("spec") + ")"))
                    .as("the converter builds through the component: one tree per spec")
                    .isSameAs(context.getComponent("tarn", TarnComponent.class).parseSpec("levels(#bean, " + tmp.resolve("spec") + ")"));
        }
    }

    @Test
    void theIdempotentRepositoryHasBeanMetadataAndAJmxView() throws Exception {
        JsonObject bean = (JsonObject) json("/META-INF/services/org/apache/camel/bean/TarnIdempotentRepository.json").get("bean");
        assertThat(bean.getString("javaType")).isEqualTo(TarnIdempotentRepository.class.getName());
        assertThat(((JsonObject) bean.get("properties")).keySet()).containsExactly("location", "root");

        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("seen", new TarnIdempotentRepository());
            // the bean's options as Camel Main and YAML set them: a spec for location
            org.apache.camel.support.PropertyBindingSupport.build()
                    .bind(context, context.getRegistry().lookupByName("seen"), "location", "levels(" + tmp.resolve("seen") + ")");
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").idempotentConsumer(header("id")).idempotentRepository("seen").to("mock:out");
                }
            });
            context.start();
            assertThat(context.getManagementStrategy().getManagementAgent()).as("JMX is on").isNotNull();
            MBeanServer server = context.getManagementStrategy().getManagementAgent().getMBeanServer();
            Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:context=" + context.getManagementName()
                                                                     + ",type=services,*"), null);
            ObjectName repository = names.stream().filter(n -> n.getKeyProperty("name").startsWith("TarnIdempotentRepository"))
                    .findFirst().orElseThrow(() -> new AssertionError("no TarnIdempotentRepository MBean among " + names));

            assertThat(server.getAttribute(repository, "LocationSpec")).isEqualTo("levels(disk:" + tmp.resolve("seen") + ")");
            String[] signature = { String.class.getName() };
            assertThat(server.invoke(repository, "add", new Object[] { "order-1" }, signature)).isEqualTo(true);
            assertThat(server.invoke(repository, "contains", new Object[] { "order-1" }, signature)).isEqualTo(true);
            context.createProducerTemplate().sendBodyAndHeader("direct:in", "x", "id", "order-1");
            assertThat(context.getEndpoint("mock:out", org.apache.camel.component.mock.MockEndpoint.class).getReceivedCounter())
                    .as("an id added over JMX is a duplicate for the route").isZero();
            assertThat(server.invoke(repository, "remove", new Object[] { "order-1" }, signature)).isEqualTo(true);
            context.createProducerTemplate().sendBodyAndHeader("direct:in", "x", "id", "order-1");
            context.createProducerTemplate().sendBodyAndHeader("direct:in", "y", "id", "order-2");
            assertThat(server.invoke(repository, "contains", new Object[] { "order-2" }, signature)).isEqualTo(true);
            server.invoke(repository, "clear", new Object[0], new String[0]);
            assertThat(server.invoke(repository, "contains", new Object[] { "order-1" }, signature)).isEqualTo(false);
            assertThat(server.invoke(repository, "contains", new Object[] { "order-2" }, signature)).isEqualTo(false);
            assertThat(context.getEndpoint("mock:out", org.apache.camel.component.mock.MockEndpoint.class).getReceivedCounter())
                    .isEqualTo(2);
        }
    }

    /**
     * A context with a health-check registry, a producer route on lake p, a consumer route on lake c, and lake b used
     * both ways through two endpoints.
     */
    private static Map<String, HealthCheck.State> lakeChecks(Path tmp, boolean producers, boolean consumers) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            HealthCheckRegistry health = new DefaultHealthCheckRegistry();
            context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, health);
            TarnComponent tarn = context.getComponent("tarn", TarnComponent.class);
            tarn.setHealthCheckProducerEnabled(producers);
            tarn.setHealthCheckConsumerEnabled(consumers);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("tarn:p?root=" + tmp.resolve("p"));
                    from("tarn:c?root=" + tmp.resolve("c") + "&positionFile=" + tmp.resolve("c.keys")).to("mock:c");
                    from("direct:b").to("tarn:b?root=" + tmp.resolve("b"));
                    from("tarn:b?root=" + tmp.resolve("b") + "&positionFile=" + tmp.resolve("b.keys")).to("mock:b");
                }
            });
            context.start();
            Map<String, HealthCheck.State> states = new java.util.TreeMap<>();
            HealthCheckHelper.invoke(context, "full").stream().filter(r -> "tarn".equals(r.getCheck().getGroup()))
                    .forEach(r -> states.put(r.getCheck().getId(), r.getState()));
            return states;
        }
    }

    @Test
    void theHealthOptionsTurnTheLakeChecksOnAndOff() throws Exception {
        HealthCheck.State up = HealthCheck.State.UP;
        HealthCheck.State off = HealthCheck.State.UNKNOWN;   // what Camel's own checks answer when disabled
        assertThat(lakeChecks(tmp, true, true)).isEqualTo(Map.of("tarn-p", up, "tarn-c", up, "tarn-b", up));
        assertThat(lakeChecks(tmp, false, true)).isEqualTo(Map.of("tarn-p", off, "tarn-c", up, "tarn-b", up));
        assertThat(lakeChecks(tmp, true, false)).isEqualTo(Map.of("tarn-p", up, "tarn-c", off, "tarn-b", up));
        assertThat(lakeChecks(tmp, false, false)).isEqualTo(Map.of("tarn-p", off, "tarn-c", off, "tarn-b", off));
    }
}
