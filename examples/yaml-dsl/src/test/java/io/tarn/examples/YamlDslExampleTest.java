package io.tarn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The example's YAML routes and properties, run by Camel Main: every sample is stored and read back. */
class YamlDslExampleTest {
    @TempDir
    Path work;

    @Test
    void everySampleIsStoredInTheUpperLevel() throws Exception {
        Path home = Path.of("").toAbsolutePath();
        List<Path> samples;
        try (var files = Files.list(home.resolve("samples"))) {
            samples = files.sorted().toList();
        }
        Main main = new Main();
        main.addInitialProperty("example.home", home.toString());
        main.addOverrideProperty("camel.component.tarn.lakes.archive", "levels(" + work.resolve("ssd") + ", " + work.resolve("nfs") + ")");
        main.addOverrideProperty("camel.main.duration-max-idle-seconds", "0");
        // counting starts before the routes do: a NotifyBuilder made after start() misses the files done before it
        AtomicReference<NotifyBuilder> done = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                assertThat(configured.getCamelContext().isStarted()).as("Camel not started yet").isFalse();
                done.set(new NotifyBuilder(configured.getCamelContext()).whenCompleted(samples.size()).create());
            }
        });
        main.start();
        try {
            assertThat(done.get().matches(60, TimeUnit.SECONDS)).as("every sample stored and read back").isTrue();
        } finally {
            main.stop();
        }
        for (Path sample : samples) {
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(sample)));
            assertThat(work.resolve("ssd").resolve(key.substring(0, 2)).resolve(key.substring(2))).hasSameBinaryContentAs(sample);
        }
        assertThat(work.resolve("nfs").resolve("config.yml")).exists();
    }
}
