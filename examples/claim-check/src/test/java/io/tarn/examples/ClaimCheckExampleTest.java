package io.tarn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.tarn.camel.TarnComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Only keys cross the queue, and every body comes back whole downstream. */
class ClaimCheckExampleTest {
    @TempDir
    Path lakes;

    @Test
    void keysCrossTheQueueAndBodiesComeBack() throws Exception {
        Path home = Path.of("").toAbsolutePath();
        List<Path> samples;
        try (var files = Files.list(home.resolve("samples"))) {
            samples = files.sorted().toList();
        }
        try (CamelContext context = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.setProperty("example.home", home.toString());
            context.getPropertiesComponent().setInitialProperties(properties);
            context.getComponent("tarn", TarnComponent.class).setBaseDirectory(lakes.toString());
            context.addRoutes(new ClaimCheckExample());
            MockEndpoint done = context.getEndpoint("mock:done", MockEndpoint.class);
            done.expectedMessageCount(samples.size());
            context.start();
            done.assertIsSatisfied(20_000);
            for (int i = 0; i < samples.size(); i++) {
                byte[] body = done.getExchanges().get(i).getMessage().getBody(byte[].class);
                assertThat(body).isEqualTo(Files.readAllBytes(samples.get(i)));
            }
        }
    }
}
