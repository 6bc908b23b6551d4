package io.tarn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The example's route, run on its samples: every file ends up in the lake under its SHA-256. */
class FileToLakeTest {

    @TempDir
    Path lakes;

    @Test
    void everySampleIsStoredUnderItsSha256() throws Exception {
        Path home = Path.of("").toAbsolutePath();
        List<Path> samples;
        try (var files = Files.list(home.resolve("samples"))) {
            samples = files.sorted().toList();
        }
        assertThat(samples).hasSizeGreaterThanOrEqualTo(5);

        try (CamelContext context = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.setProperty("example.home", home.toString());
            context.getPropertiesComponent().setInitialProperties(properties);
            context.getComponent("tarn", io.tarn.camel.TarnComponent.class).setBaseDirectory(lakes.toString());
            context.addRoutes(new FileToLake());
            NotifyBuilder done = new NotifyBuilder(context).whenCompleted(samples.size()).create();
            context.start();
            assertThat(done.matches(20, TimeUnit.SECONDS)).as("all samples ingested").isTrue();
        }

        for (Path sample : samples) {
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(sample)));
            Path stored = lakes.resolve("lake").resolve(key.substring(0, 2)).resolve(key.substring(2));
            assertThat(stored).as(sample.getFileName().toString()).hasSameBinaryContentAs(sample);
        }
    }
}
