package io.tarn.camel.springboot;

import java.nio.file.Path;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.metrics.MetricsEndpoint;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The lakes' meters reach Spring Boot Actuator's metrics endpoint: the starter finds Spring's MeterRegistry. */
class TarnStarterMetricsTest {

    @TempDir
    Path dir;

    private static double count(MetricsEndpoint metrics, String name, String... tags) {
        MetricsEndpoint.MetricDescriptor metric = metrics.metric(name, List.of(tags));
        assertThat(metric).as("%s %s", name, List.of(tags)).isNotNull();
        return metric.getMeasurements().stream().filter(sample -> sample.getStatistic().name().equals("COUNT"))
                .findFirst().orElseThrow().getValue();
    }

    @Test
    void theMetricsEndpointShowsEachLocationOfEachLake() throws Exception {
        try (ConfigurableApplicationContext app = TarnStarterApp.run(
                "camel.component.tarn.lakes.archive=levels(" + dir.resolve("ssd") + ", " + dir.resolve("nfs") + ")",
                "management.endpoints.web.exposure.include=health,metrics")) {
            ProducerTemplate template = app.getBean(CamelContext.class).createProducerTemplate();
            template.sendBody("tarn:archive", "scan 1");
            template.sendBody("tarn:archive", "scan 2");
            String key = template.request("tarn:archive", e -> e.getIn().setBody("scan 3"))
                    .getMessage().getHeader("CamelTarnKey", String.class);
            template.requestBodyAndHeader("tarn:archive?operation=read", null, "CamelTarnKey", key, String.class);

            MetricsEndpoint metrics = app.getBean(MetricsEndpoint.class);
            assertThat(metrics.listNames().getNames()).contains("tarn.reads", "tarn.writes", "tarn.bytes", "tarn.copyups",
                    "tarn.evictions", "tarn.corrupt", "tarn.errors", "tarn.read", "tarn.write");
            assertThat(count(metrics, "tarn.writes", "lake:archive", "place:levels[0]:disk", "result:stored")).isEqualTo(3);
            assertThat(count(metrics, "tarn.writes", "lake:archive", "place:levels[1]:disk")).isZero();
            assertThat(count(metrics, "tarn.bytes", "lake:archive", "place:levels", "direction:in")).isEqualTo(18);
            assertThat(count(metrics, "tarn.reads", "lake:archive", "kind:disk", "result:hit")).isEqualTo(1);
            assertThat(count(metrics, "tarn.read", "lake:archive", "place:levels[0]:disk")).as("the read timer").isEqualTo(1);
        }
    }
}
