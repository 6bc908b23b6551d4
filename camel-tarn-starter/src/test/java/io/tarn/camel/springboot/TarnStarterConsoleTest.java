package io.tarn.camel.springboot;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under Spring Boot the tarn dev console answers at Actuator's {@code camel} endpoint ({@code GET /actuator/camel/tarn})
 * with camel-console on the class path, {@code camel.main.dev-console-enabled=true} and the endpoint exposed; each lake
 * is an MBean of the platform MBeanServer with camel-management on the class path.
 */
class TarnStarterConsoleTest {

    @TempDir
    Path dir;

    @Test
    void theConsoleAndJmxShowWhatTheLakeDid() throws Exception {
        try (ConfigurableApplicationContext app = TarnStarterApp.runWeb(
                "camel.component.tarn.lakes.archive=levels(" + dir.resolve("ssd") + ", " + dir.resolve("nfs") + ")",
                "camel.main.dev-console-enabled=true",
                "management.endpoints.web.exposure.include=health,camel")) {
            CamelContext camel = app.getBean(CamelContext.class);
            ProducerTemplate template = camel.createProducerTemplate();
            String key = template.request("tarn:archive", e -> e.getIn().setBody("scan 1"))
                    .getMessage().getHeader("CamelTarnKey", String.class);
            template.requestBodyAndHeader("tarn:archive?operation=read", null, "CamelTarnKey", key, String.class);

            JsonObject console = TarnStarterApp.at(TarnStarterApp.getJson(app, "/actuator/camel/tarn"), "tarn");
            List<?> lakes = (List<?>) console.get("lakes");
            assertThat(lakes).hasSize(1);
            JsonObject lake = (JsonObject) lakes.get(0);
            assertThat(lake.getString("name")).isEqualTo("archive");
            JsonObject root = (JsonObject) ((List<?>) lake.get("locations")).get(0);
            assertThat(root.getString("place")).isEqualTo("levels");
            assertThat(((Number) TarnStarterApp.at(root, "writes").get("stored")).longValue()).isEqualTo(1);
            assertThat(((Number) TarnStarterApp.at(root, "reads").get("hit")).longValue()).isEqualTo(1);

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("org.apache.camel:context=" + camel.getManagementName()
                                             + ",type=tarn,name=\"archive\"");
            assertThat(server.isRegistered(name)).as("registered as %s", name).isTrue();
            assertThat(server.getAttribute(name, "WritesStored")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "ReadHits")).isEqualTo(1L);
        }
    }
}
