package io.tarn.camel.springboot;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The lakes' meters reach Spring Boot Actuator's metrics endpoint: the starter finds Spring's MeterRegistry. */
class TarnStarterMetricsTest {

    @TempDir
    Path dir;

    /** The COUNT of a meter with these tags, as {@code GET /actuator/metrics/NAME?tag=K:V} shows it. */
    private static double count(ConfigurableApplicationContext app, String name, String... tags) throws Exception {
        StringBuilder path = new StringBuilder("/actuator/metrics/" + name + "?");
        for (String tag : tags) {
            path.append("tag=").append(tag.replace("[", "%5B").replace("]", "%5D")).append('&');
        }
        JsonObject metric = TarnStarterApp.getJson(app, path.toString());
        assertThat(metric).as("%s %s", name, List.of(tags)).containsKey("measurements");
        for (Object sample : (JsonArray) metric.get("measurements")) {
            JsonObject measurement = (JsonObject) sample;
            if ("COUNT".equals(measurement.getString("statistic"))) {
                return ((BigDecimal) measurement.get("value")).doubleValue();
            }
        }
        throw new AssertionError(name + " has no COUNT: " + metric);
    }

    @Test
    void theMetricsEndpointShowsEachLocationOfEachLake() throws Exception {
        try (ConfigurableApplicationContext app = TarnStarterApp.runWeb(
                "camel.component.tarn.lakes.archive=levels(" + dir.resolve("ssd") + ", " + dir.resolve("nfs") + ")",
                "management.endpoints.web.exposure.include=health,metrics")) {
            ProducerTemplate template = app.getBean(CamelContext.class).createProducerTemplate();
            template.sendBody("tarn:archive", "scan 1");
            template.sendBody("tarn:archive", "scan 2");
            String key = template.request("tarn:archive", e -> e.getIn().setBody("scan 3"))
                    .getMessage().getHeader("CamelTarnKey", String.class);
            template.requestBodyAndHeader("tarn:archive?operation=read", null, "CamelTarnKey", key, String.class);

            assertThat((JsonArray) TarnStarterApp.getJson(app, "/actuator/metrics").get("names"))
                    .contains("tarn.reads", "tarn.writes", "tarn.bytes", "tarn.copyups", "tarn.evictions", "tarn.corrupt",
                            "tarn.errors", "tarn.read", "tarn.write");
            assertThat(count(app, "tarn.writes", "lake:archive", "place:levels[0]:disk", "result:stored")).isEqualTo(3);
            assertThat(count(app, "tarn.writes", "lake:archive", "place:levels[1]:disk")).isZero();
            assertThat(count(app, "tarn.bytes", "lake:archive", "place:levels", "direction:in")).isEqualTo(18);
            assertThat(count(app, "tarn.reads", "lake:archive", "kind:disk", "result:hit")).isEqualTo(1);
            assertThat(count(app, "tarn.read", "lake:archive", "place:levels[0]:disk")).as("the read timer").isEqualTo(1);
        }
    }
}
