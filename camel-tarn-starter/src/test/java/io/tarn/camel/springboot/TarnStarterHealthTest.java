package io.tarn.camel.springboot;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The lakes' health checks reach Spring Boot Actuator's health endpoint through camel-spring-boot's camelHealth. */
class TarnStarterHealthTest {

    @TempDir
    Path dir;

    private static JsonObject camelHealth(JsonObject health) {
        return TarnStarterApp.at(health, "components", "camelHealth");
    }

    @Test
    void theHealthEndpointReportsEachLakeWithFullExposure() throws Exception {
        try (ConfigurableApplicationContext app = TarnStarterApp.runWeb(
                "camel.component.tarn.lakes.archive=levels(" + dir.resolve("ssd") + ", " + dir.resolve("nfs") + ")",
                "camel.health.exposure-level=full",
                "management.endpoint.health.show-details=always")) {
            app.getBean(CamelContext.class).createProducerTemplate().sendBody("tarn:archive", "scan 1");

            JsonObject health = TarnStarterApp.getJson(app, "/actuator/health");
            assertThat(health.getString("status")).isEqualTo("UP");
            assertThat(TarnStarterApp.at(camelHealth(health), "details")).containsEntry("tarn-archive", "UP");
        }
    }

    @Test
    void aLakeWithALocationDownMakesTheApplicationDownByDefault() throws Exception {
        // an nginx in front of the lake answering 503: the http location is unreachable, the lake still works
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try (ConfigurableApplicationContext app = TarnStarterApp.runWeb(
                "camel.component.tarn.lakes.archive=levels(" + dir.resolve("ssd") + ", http://127.0.0.1:"
                + server.getAddress().getPort() + "/lake)",
                "management.endpoint.health.show-details=always")) {
            app.getBean(CamelContext.class).createProducerTemplate().sendBody("tarn:archive", "scan 1");

            JsonObject health = TarnStarterApp.getJson(app, "/actuator/health");
            assertThat(health.getString("status")).isEqualTo("DOWN");
            assertThat(camelHealth(health).getString("status")).isEqualTo("DOWN");
            assertThat(TarnStarterApp.at(camelHealth(health), "details")).containsEntry("tarn-archive", "DOWN");
        } finally {
            server.stop(0);
        }
    }
}
