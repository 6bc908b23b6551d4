package io.tarn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every main-source Java file of tarn-core and camel-tarn stays at most {@value #MAX_LINES} lines: a file that grows
 * past it is doing more than one job, and is cut by job (as {@code Journal}, {@code Spooled} and
 * {@code TarnConfiguration} were), not by line count. Read from the source tree (the tests run in camel-tarn's folder).
 */
class SourceSizeTest {
    private static final int MAX_LINES = 400;
    /** The main sources of each module, from camel-tarn's folder. */
    private static final Map<String, Path> SOURCES = Map.of(
            "tarn-core", Path.of("..", "tarn-core", "src", "main", "java"),
            "camel-tarn", Path.of("src", "main", "java"));

    @Test
    void noMainSourceFileIsOverFourHundredLines() throws IOException {
        List<String> over = new ArrayList<>();
        int files = 0;
        for (Map.Entry<String, Path> module : SOURCES.entrySet()) {
            Path root = module.getValue();
            assertThat(root).as("the main sources of " + module.getKey()).isDirectory();
            List<Path> sources;
            try (Stream<Path> walk = Files.walk(root)) {
                sources = walk.filter(file -> file.toString().endsWith(".java")).sorted().toList();
            }
            for (Path file : sources) {
                files++;
                long lines;
                try (Stream<String> text = Files.lines(file)) {
                    lines = text.count();
                }
                if (lines > MAX_LINES) {
                    over.add(module.getKey() + ": " + root.relativize(file) + " has " + lines + " lines");
                }
            }
        }
        assertThat(files).as("Java files found").isGreaterThan(100);
        over.sort(null);
        assertThat(over).as("main-source files over " + MAX_LINES + " lines: cut each by job").isEmpty();
    }
}
