package io.tarn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.dsl.jbang.core.commands.CamelJBangMain;
import org.apache.camel.dsl.jbang.core.common.CommandLineHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel JBang's {@code camel run} (the command of camel-jbang-core, run in this JVM) over the example's YAML route and
 * application.properties: the tarn component found on the class path, its lake configured by the properties.
 */
class JBangRunTest {

    @TempDir
    Path work;

    @TempDir
    Path home;

    @Test
    void camelRunStoresEverySampleInTheLakeOfThePropertiesFile() throws Exception {
        Path example = Path.of(System.getProperty("example.home"));
        List<Path> samples;
        try (var files = Files.list(example.resolve("samples"))) {
            samples = files.sorted().toList();
        }
        // ~/.camel of Camel JBang
        CommandLineHelper.useHomeDir(home.toString());
        Files.createDirectories(Path.of("").toAbsolutePath());
        AtomicInteger exit = new AtomicInteger(-1);
        CamelJBangMain.run(new CamelJBangMain() {
            @Override
            public void quit(int exitCode) {
                exit.set(exitCode);
            }
        }, "run", example.resolve("ingest.camel.yaml").toString(), example.resolve("application.properties").toString(),
                "--prop=example.home=" + example, "--prop=example.work=" + work,
                "--max-messages=" + samples.size(), "--download=false", "--logging-color=false");

        assertThat(exit.get()).as("camel run's exit code").isZero();
        for (Path sample : samples) {
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(sample)));
            assertThat(work.resolve("ssd").resolve(key.substring(0, 2)).resolve(key.substring(2))).hasSameBinaryContentAs(sample);
        }
        assertThat(work.resolve("nfs/config.yml")).exists();
    }
}
