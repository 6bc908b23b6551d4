package io.tarn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spring XML example: every sample lands in the old disk, and a read through levels copies it to the new one. */
class SpringXmlExampleTest {
    @TempDir
    Path home;

    @Test
    void readingThroughLevelsMigratesEverySample() throws Exception {
        // camel-spring-xml of the build's Camel: a profile of the version matrix that cannot have it says why
        String why = System.getProperty("tarn.springXml.unavailable");
        Assumptions.assumeTrue(why == null, why);
        Path samples = Files.createDirectories(home.resolve("samples"));
        List<Path> originals;
        try (var files = Files.list(Path.of("samples"))) {
            originals = files.sorted().toList();
        }
        for (Path original : originals) {
            Files.copy(original, samples.resolve(original.getFileName()));
        }
        System.setProperty("example.home", home.toString());
        try {
            SpringXmlExample.main(new String[0]);
        } finally {
            System.clearProperty("example.home");
        }
        for (Path original : originals) {
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(original)));
            String relative = key.substring(0, 2) + "/" + key.substring(2);
            assertThat(home.resolve("work/old-hdd").resolve(relative)).hasSameBinaryContentAs(original);
            assertThat(home.resolve("work/new-hdd").resolve(relative)).as("copied on read").hasSameBinaryContentAs(original);
        }
    }
}
