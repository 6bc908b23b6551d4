package io.tarn.examples;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The tiered lake: writes reach S3 only; the first read of each value comes from S3, the second from memory. */
class TieredLakeExampleTest {
    @TempDir
    Path work;

    @Test
    void readsComeFromS3ThenFromMemory() throws Exception {
        List<String> out = TieredLakeExample.run(Path.of("").toAbsolutePath(), work);
        assertThat(out.stream().filter(l -> l.startsWith("wrote "))).hasSize(4);
        assertThat(out.stream().filter(l -> l.startsWith("read 1 ") && l.contains("from S3"))).hasSize(4);
        assertThat(out.stream().filter(l -> l.startsWith("read 2 ") && l.contains("from memory"))).hasSize(4);
        assertThat(out).noneMatch(l -> l.contains(TieredLakeExample.SECRET));
        // the disk level took nothing: memory accepted every copy, and the upper levels take no writes
        assertThat(work.resolve("disk/config.yml")).exists();
        try (var files = java.nio.file.Files.walk(work.resolve("disk"))) {
            assertThat(files.filter(p -> p.getFileName().toString().length() == 62)).isEmpty();
        }
    }
}
