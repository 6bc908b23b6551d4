package io.tarn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.tarn.camel.TarnComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
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
        assertThat(samples).isNotEmpty();
        try (CamelContext context = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.setProperty("example.home", home.toString());
            context.getPropertiesComponent().setInitialProperties(properties);
            context.getComponent("tarn", TarnComponent.class).setBaseDirectory(lakes.toString());
            context.addRoutes(new ClaimCheckExample());
            MockEndpoint done = context.getEndpoint("mock:done", MockEndpoint.class);
            done.expectedMessageCount(samples.size());
            context.start();
            // the queue's delay() is asynchronous: the bodies arrive in any order, so each is matched by its file name
            MockEndpoint.assertIsSatisfied(context, 60, TimeUnit.SECONDS);
            List<String> names = samples.stream().map(p -> p.getFileName().toString()).toList();
            assertThat(done.getExchanges()).extracting(e -> e.getMessage().getHeader(Exchange.FILE_NAME, String.class))
                    .as("one exchange per sample").containsExactlyInAnyOrderElementsOf(names);
            for (Exchange exchange : done.getExchanges()) {
                String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
                assertThat(exchange.getMessage().getBody(byte[].class)).as(name)
                        .isEqualTo(Files.readAllBytes(home.resolve("samples").resolve(name)));
            }
        }
    }
}
