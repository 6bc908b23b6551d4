package io.tarn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The change feed: every sample written is stored, published, and handed on by the group once, with its bytes. */
class ChangeFeedExampleTest {
    @TempDir
    Path work;

    @Test
    void everySampleWrittenIsHandedOnByTheGroupOnce() throws Exception {
        Path home = Path.of("").toAbsolutePath();
        List<String> out = ChangeFeedExample.run(home, work);
        List<Path> samples;
        try (var files = Files.list(home.resolve("samples"))) {
            samples = files.sorted().toList();
        }
        assertThat(samples).hasSizeGreaterThanOrEqualTo(4);
        for (Path sample : samples) {
            byte[] bytes = Files.readAllBytes(sample);
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(work.resolve("lake").resolve(key.substring(0, 2)).resolve(key.substring(2)))
                    .hasSameBinaryContentAs(sample);
            assertThat(out).as(sample.getFileName().toString())
                    .containsOnlyOnce("wrote     " + key + "  " + sample.getFileName())
                    .containsOnlyOnce("handed on " + key + "  " + new String(bytes).strip());
        }
        assertThat(out.stream().filter(l -> l.startsWith("handed on "))).hasSameSizeAs(samples);
        assertThat(out.get(out.size() - 1)).startsWith("Lake: ");
    }
}
