package io.tarn.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.tarn.camel.TarnConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.apache.camel.builder.Builder.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example application as it ships (its application.properties, with example.home's two folders pointed at the
 * samples and at a temporary folder): values land where the properties say, the second run is all memo hits, and
 * Actuator's health endpoint reports both lakes.
 */
class SpringBootExampleTest {

    @TempDir
    Path work;

    /** Counts exchanges from before the routes start: a NotifyBuilder made after the start misses the early ones. */
    @Configuration(proxyBeanMethods = false)
    static class Completion {
        static final AtomicReference<NotifyBuilder> DONE = new AtomicReference<>();
        static volatile boolean expectedHit;

        @Bean
        CamelContextConfiguration countCompleted() {
            return new CamelContextConfiguration() {
                @Override
                public void beforeApplicationStart(CamelContext context) {
                    DONE.set(new NotifyBuilder(context).from("file:*").whenCompleted(samples().size())
                            .whenAllDoneMatches(header(TarnConstants.MEMO_HIT).isEqualTo(expectedHit))
                            .create());
                }

                @Override
                public void afterApplicationStart(CamelContext context) {
                }
            };
        }
    }

    private static List<Path> samples() {
        try (var files = Files.list(Path.of("samples").toAbsolutePath())) {
            return files.sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Path valueFile(Path lake, String key) {
        return lake.resolve(key.substring(0, 2)).resolve(key.substring(2));
    }

    /** {@code GET /actuator/health}, as the README's curl does. */
    private static JsonObject health(ConfigurableApplicationContext app) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/actuator/health");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        return (JsonObject) Jsoner.deserialize(response.body());
    }

    private ConfigurableApplicationContext start(boolean expectedHit) {
        Completion.expectedHit = expectedHit;
        return new SpringApplicationBuilder(SpringBootExample.class, Completion.class)
                // with a web server for /actuator/health (the application itself needs none)
                .web(WebApplicationType.SERVLET)
                // as command-line arguments, which take precedence over application.properties
                .run("--example.samples=" + Path.of("samples").toAbsolutePath(),
                        "--example.work=" + work,
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        // the test stops the application itself
                        "--camel.main.run-controller=false",
                        "--camel.main.duration-max-idle-seconds=0");
    }

    @Test
    void valuesLandWhereApplicationPropertiesSaysAndTheHealthEndpointReportsTheLakes() throws Exception {
        try (ConfigurableApplicationContext app = start(false)) {
            assertThat(Completion.DONE.get().matches(120, TimeUnit.SECONDS)).as("every sample ingested, memo missed").isTrue();

            JsonObject camel = (JsonObject) ((JsonObject) health(app).get("components")).get("camelHealth");
            assertThat(camel.getString("status")).isEqualTo("UP");
            assertThat((JsonObject) camel.get("details")).containsEntry("tarn-archive", "UP").containsEntry("tarn-counts", "UP");
        }
        for (Path sample : samples()) {
            byte[] bytes = Files.readAllBytes(sample);
            String key = sha256(bytes);
            // written to the NFS level (the SSD level has write=false), copied up into the SSD by the read
            assertThat(valueFile(work.resolve("nfs"), key)).hasBinaryContent(bytes);
            assertThat(valueFile(work.resolve("ssd"), key)).hasBinaryContent(bytes);
            String count = new String(bytes, StandardCharsets.UTF_8).lines().count() + " lines";
            assertThat(valueFile(work.resolve("base/counts"), sha256(count.getBytes(StandardCharsets.UTF_8))))
                    .hasContent(count);
        }
        assertThat(Path.of("tarn")).as("nothing in the working directory").doesNotExist();

        // started again on the same lakes, the memoized step is skipped for every sample
        try (ConfigurableApplicationContext app = start(true)) {
            assertThat(Completion.DONE.get().matches(120, TimeUnit.SECONDS)).as("every sample ingested, memo hit").isTrue();
        }
    }
}
