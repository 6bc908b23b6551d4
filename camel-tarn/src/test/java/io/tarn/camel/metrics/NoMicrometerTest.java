package io.tarn.camel.metrics;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Micrometer is an optional dependency: without it on the class path the component works, counts and shows its lakes. */
class NoMicrometerTest {
    @TempDir
    Path tmp;

    @Test
    void theComponentWorksWithoutMicrometer() throws Exception {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> without = entries.stream().filter(entry -> !entry.contains("micrometer")).toList();
        assertThat(entries.size() - without.size()).as("Micrometer jars taken off the class path").isPositive();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve("child.out");
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", String.join(File.pathSeparator, without),
                NoMicrometerMain.class.getName(), tmp.resolve("lake").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
        String output = Files.readAllLines(out).stream().collect(Collectors.joining("\n"));
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("micrometer=false read=hello hits=1");
    }
}
