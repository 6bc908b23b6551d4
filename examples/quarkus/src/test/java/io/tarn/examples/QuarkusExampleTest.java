package io.tarn.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tarn.camel.TarnConstants;
import io.tarn.memo.Fingerprinter;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example application as it ships, on a fresh folder: files dropped into its inbox land in the tiered lake and read
 * back byte for byte, the memoized step runs once per content, and the lakes show in Quarkus's health and Micrometer
 * endpoints, on the tarn dev console and over JMX, each view with the same counts.
 */
@QuarkusTest
@QuarkusTestResource(QuarkusExampleTest.FreshHome.class)
class QuarkusExampleTest {

    /** example.home in a new temporary folder, its inbox empty until the test fills it. */
    public static class FreshHome implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Path home = Files.createTempDirectory("tarn-quarkus-example");
                return Map.of("example.home", home.toString(), "example.samples", home.resolve("inbox").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    CamelContext camel;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "example.samples")
    Path inbox;

    @ConfigProperty(name = "example.work")
    Path work;

    @TestHTTPResource("/")
    URL http;

    private static List<Path> samples() throws IOException {
        try (var files = Files.list(Path.of("samples").toAbsolutePath())) {
            return files.sorted().toList();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Path valueFile(Path lake, String key) {
        return lake.resolve(key.substring(0, 2)).resolve(key.substring(2));
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(http.toString()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void filesLandInTheTieredLakeAndEveryViewShowsIt() throws Exception {
        List<Path> samples = samples();
        NotifyBuilder ingested = new NotifyBuilder(camel).fromRoute("ingest").whenCompleted(samples.size()).create();
        Files.createDirectories(inbox);
        for (Path sample : samples) {
            // copied under a hidden name, then renamed: the file consumer never sees half a file
            Path hidden = inbox.resolve("." + sample.getFileName());
            Files.copy(sample, hidden);
            Files.move(hidden, inbox.resolve(sample.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
        }
        assertThat(ingested.matches(120, TimeUnit.SECONDS)).as("every sample ingested").isTrue();

        ProducerTemplate template = camel.createProducerTemplate();
        for (Path sample : samples) {
            byte[] bytes = Files.readAllBytes(sample);
            String key = sha256(bytes);
            // written to the NFS level (the SSD level, a CDI bean, has write=false), copied up into the SSD by the read
            assertThat(valueFile(work.resolve("nfs"), key)).hasBinaryContent(bytes);
            assertThat(valueFile(work.resolve("ssd"), key)).hasBinaryContent(bytes);
            assertThat(template.requestBodyAndHeader("tarn:archive?operation=read", null, TarnConstants.KEY, key,
                    byte[].class)).isEqualTo(bytes);
            String count = new String(bytes, StandardCharsets.UTF_8).lines().count() + " lines";
            assertThat(valueFile(work.resolve("base/counts"), sha256(count.getBytes(StandardCharsets.UTF_8))))
                    .hasContent(count);
        }

        // the memoized step again on a content it has seen: taken from the lake, CountLines skipped
        byte[] notes = Files.readAllBytes(Path.of("samples/notes.txt"));
        Exchange again = template.request("tarn:archive?operation=memo&memoRoute=direct:count-lines",
                e -> e.getIn().setBody(notes));
        assertThat(again.getMessage().getHeader(TarnConstants.MEMO_HIT, Boolean.class)).isTrue();
        assertThat(again.getMessage().getBody(String.class))
                .isEqualTo(new String(notes, StandardCharsets.UTF_8).lines().count() + " lines");

        // the memo key has the step's code: its bytecode is read through Quarkus's class loader (a class it could not
        // read would count by its name alone, and a changed step would not recompute)
        Map<String, String> parts = Fingerprinter.standard().ofClass(CountLines.class).parts();
        assertThat(parts.get("class io.tarn.examples.CountLines")).as("the digest of CountLines's bytecode").isNotBlank();
        assertThat(parts.keySet()).noneMatch(part -> part.startsWith("unreadable"));

        // health: each lake's readiness check in Quarkus's health endpoint
        JsonObject ready = (JsonObject) Jsoner.deserialize(get("/q/health/ready"));
        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(ready.toJson()).contains("tarn-archive").contains("tarn-counts");

        // metrics: Quarkus's MeterRegistry (and its Prometheus endpoint) has the lakes' meters
        double stored = meters.get("tarn.writes").tags("lake", "archive", "place", "levels", "result", "stored")
                .functionCounter().count();
        assertThat(stored).isGreaterThanOrEqualTo(samples.size());
        assertThat(get("/q/metrics")).contains("tarn_writes_total{").contains("lake=\"archive\"");

        // the dev console and JMX: the same count of values stored into the lake
        DevConsole console = DevConsoleRegistry.get(camel).resolveById("tarn");
        assertThat(console).as("the tarn dev console").isNotNull();
        JsonObject json = (JsonObject) Jsoner.deserialize(
                ((JsonObject) console.call(DevConsole.MediaType.JSON, Map.of())).toJson());
        JsonObject archive = ((JsonArray) json.get("lakes")).stream().map(JsonObject.class::cast)
                .filter(lake -> "archive".equals(lake.getString("name"))).findFirst().orElseThrow();
        JsonObject root = (JsonObject) ((JsonArray) archive.get("locations")).get(0);
        assertThat(((Number) ((JsonObject) root.get("writes")).get("stored")).doubleValue()).isEqualTo(stored);

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("org.apache.camel:context=" + camel.getManagementName()
                                         + ",type=tarn,name=\"archive\"");
        assertThat(server.isRegistered(name)).as("registered as %s", name).isTrue();
        assertThat(((Number) server.getAttribute(name, "WritesStored")).doubleValue()).isEqualTo(stored);
    }
}
