package io.tarn.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every benchmark path with tiny sizes: each produces a figure and the report renders. Never asserts speed. */
class BenchSmokeTest {
    @TempDir
    Path dir;

    @Test
    void everyFigureIsMeasuredAndTheReportRenders() throws Exception {
        Report report = Bench.run(true, dir.resolve("docs"), dir.resolve("work"));

        assertThat(report.rows()).extracting(Report.Row::id).containsExactly("P1", "P2", "P2", "P2", "P3", "P3", "P4", "P5", "P6");
        assertThat(report.rows()).allSatisfy(row -> assertThat(row.measured()).matches(".*[0-9].*"));
        assertThat(report.rows()).filteredOn(row -> row.id().equals("P5")).singleElement()
                .satisfies(row -> assertThat(row.ratio()).isEqualTo("finished"));
        String page = Files.readString(dir.resolve("docs/performance.md"));
        assertThat(page).contains("| P1 |", "| P6 |", "bin/bench", "img/perf-by-size.png", "img/perf-by-count.png", Bench.NOTES);
        assertThat(dir.resolve("docs/img/perf-by-size.png")).isNotEmptyFile();
        assertThat(dir.resolve("docs/img/perf-by-count.png")).isNotEmptyFile();
        assertThat(page).contains(LakeSize.BEGIN, "img/perf-lake-size.png", LakeSize.END);
        assertThat(page.indexOf(LakeSize.BEGIN)).as("kept by the next run: below the notes line")
                .isGreaterThan(page.indexOf(Bench.NOTES));
        assertThat(dir.resolve("docs/img/perf-lake-size.png")).isNotEmptyFile();
        assertThat(dir.resolve("work")).doesNotExist();
    }

    @Test
    void aProfileOfAFigureSamplesTheLakesCode() throws Exception {
        Path stacks = dir.resolve("stacks.txt");
        Profile.main(new String[] {"levels", "1", stacks.toString()});

        // collapsed stacks: frames joined by ';', then a sample count
        assertThat(Files.readAllLines(stacks)).isNotEmpty().allMatch(line -> line.matches(".+ [0-9]+"))
                .anyMatch(line -> line.contains("io/tarn/location/Levels.read"));
    }
}
