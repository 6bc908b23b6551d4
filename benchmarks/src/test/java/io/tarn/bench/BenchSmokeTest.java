package io.tarn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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

        // P1 ingest=move and ingest=copy, P1' an InputStream, each against the fastest SHA-256 pass of the file, on
        // the disk and on tmpfs (where the machine has /dev/shm); P2 three times (the API, a route, a route from 4
        // threads), then against the system-call floor from 1 and 4 threads on each file system, and Lake.writeAll
        // from 4 threads against the one-thread floor on each; P7 two traces (hit ratio, reads) and the eviction
        // cost; P8 the S3 location's nine figures against the SDK
        boolean shm = Files.isDirectory(Path.of("/dev/shm"));
        int fileSystems = shm ? 2 : 1;
        List<String> expected = new ArrayList<>(Collections.nCopies(2 * fileSystems, "P1"));
        expected.addAll(Collections.nCopies(fileSystems, "P1'"));
        expected.addAll(Collections.nCopies(3 + 3 * fileSystems, "P2"));
        expected.addAll(List.of("P3", "P3", "P4", "P5", "P6"));
        expected.addAll(Collections.nCopies(5, "P7"));
        expected.addAll(Collections.nCopies(9, "P8"));
        assertThat(report.rows()).extracting(Report.Row::id).containsExactlyElementsOf(expected);
        assertThat(report.rows()).filteredOn(row -> row.baseline().startsWith("system-call floor")).hasSize(2 * fileSystems)
                .allSatisfy(row -> assertThat(row.ratio()).endsWith("× the floor"));
        assertThat(report.rows()).filteredOn(row -> row.figure().contains("Lake.writeAll")).hasSize(fileSystems)
                .allSatisfy(row -> assertThat(row.baseline()).startsWith("one-thread system-call floor"));
        assertThat(report.rows()).filteredOn(row -> row.figure().contains("ingest=move")).hasSize(fileSystems)
                .allSatisfy(row -> assertThat(row.baseline()).contains("the fastest SHA-256 pass of the file"));
        assertThat(report.rows()).filteredOn(row -> row.figure().contains("ingest=copy")).hasSize(fileSystems)
                .allSatisfy(row -> assertThat(row.baseline()).contains("a plain copy of the file + flush"));
        assertThat(report.rows()).filteredOn(row -> row.id().equals("P1'")).allSatisfy(row -> assertThat(row.goal())
                .isEqualTo("≤ 1.10×"));
        assertThat(report.rows()).filteredOn(row -> row.id().equals("P4")).singleElement()
                .satisfies(row -> assertThat(row.ratio()).startsWith("+").contains("quartiles"));
        assertThat(report.rows()).filteredOn(row -> row.id().equals("P8"))
                .allSatisfy(row -> assertThat(row.baseline()).startsWith("AWS SDK alone"));
        assertThat(report.rows()).filteredOn(row -> row.met() != null).extracting(Report.Row::id)
                .as("every figure with a goal").contains("P1", "P1'", "P2", "P3", "P4", "P5", "P6", "P7", "P8");
        assertThat(Path.of("/dev/shm/tarn-bench-" + ProcessHandle.current().pid())).doesNotExist();
        assertThat(report.rows()).allSatisfy(row -> assertThat(row.measured()).matches(".*[0-9].*"));
        assertThat(report.rows()).filteredOn(row -> row.id().equals("P5")).singleElement()
                .satisfies(row -> assertThat(row.ratio()).isEqualTo("finished"));
        String page = Files.readString(dir.resolve("docs/performance.md"));
        assertThat(page).contains("| P1 |", "| P6 |", "bin/bench", "img/perf-by-size.png", "img/perf-by-count.png", Bench.NOTES);
        assertThat(dir.resolve("docs/img/perf-by-size.png")).isNotEmptyFile();
        assertThat(dir.resolve("docs/img/perf-by-count.png")).isNotEmptyFile();
        assertThat(page).contains(Floors.BEGIN, "img/perf-floors.png", Floors.END);
        assertThat(page.indexOf(Floors.BEGIN)).as("kept by the next run: below the notes line")
                .isGreaterThan(page.indexOf(Bench.NOTES));
        assertThat(dir.resolve("docs/img/perf-floors.png")).isNotEmptyFile();
        assertThat(page).contains(LakeSize.BEGIN, "img/perf-lake-size.png", LakeSize.END);
        assertThat(page.indexOf(LakeSize.BEGIN)).as("kept by the next run: below the notes line")
                .isGreaterThan(page.indexOf(Bench.NOTES));
        assertThat(dir.resolve("docs/img/perf-lake-size.png")).isNotEmptyFile();
        // the lake-size series at 1,000 values: every step timed, the Kafka-fed consumer group and the gc dry run too
        String lakeSize = page.substring(page.indexOf(LakeSize.BEGIN), page.indexOf(LakeSize.END));
        assertThat(lakeSize).contains("feed µs/value", "feed values/s first → last tenth", "gc dry run µs/value",
                "operation=gc&gcOlderThan=30d&dryRun=true", "groupId=");
        assertThat(lakeSize.lines().filter(line -> line.startsWith("| 1,000 |"))).singleElement()
                .satisfies(row -> assertThat(row.split("\\|")).hasSize(15).allSatisfy(cell -> assertThat(cell)
                        .matches("|\\s*[0-9.,]+( → [0-9.,]+| / [0-9.,]+)?\\s*| [a-z0-9]+ ")));
        assertThat(page).contains(LifecycleBench.BEGIN, "| P7 hit ratio (Zipf), bounded level with eviction |",
                "| P7 gc over", "img/perf-lifecycle.png", "load average", LifecycleBench.END);
        assertThat(page.indexOf(LifecycleBench.BEGIN)).isGreaterThan(page.indexOf(Bench.NOTES));
        assertThat(dir.resolve("docs/img/perf-lifecycle.png")).isNotEmptyFile();
        assertThat(page).contains(EvictionCost.BEGIN, "| values in the level |", "per evicted value", EvictionCost.END);
        assertThat(page.indexOf(EvictionCost.BEGIN)).isGreaterThan(page.indexOf(Bench.NOTES));
        assertThat(dir.resolve("work")).doesNotExist();
    }

    @Test
    void theCostOfAnEvictionIsMeasuredByTheSizeOfTheLevel() throws Exception {
        List<EvictionCost.Row> rows = EvictionCost.run(List.of(200, 400), 300, null, dir.resolve("eviction-cost"));

        assertThat(rows).extracting(EvictionCost.Row::values).containsExactly(200, 400);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.evicted()).as("values evicted after the first batch").isGreaterThanOrEqualTo(200);
            assertThat(row.microsPerEvicted()).isPositive();
        });
        assertThat(dir.resolve("eviction-cost")).doesNotExist();
    }

    @Test
    void theCostOfAMoveBySizeIsMeasured() throws Exception {
        MoveCost.Result result = MoveCost.measure(3, 100 << 10, 1, dir.resolve("move-cost"));

        assertThat(result.move()).isPositive();
        assertThat(result.copy()).isPositive();
        assertThat(result.check()).as("the writer check alone").isPositive();
        assertThat(result.ratios().rounds()).isEqualTo(1);
        assertThat(dir.resolve("move-cost")).doesNotExist();
    }

    @Test
    void whatPublishingCostsAWriterIsMeasured() throws Exception {
        String line = FeedWrites.measure(30, 2, dir.resolve("feed-writes"));

        assertThat(line).startsWith("feed-writes: 30 new 100-byte values").contains("with changes=kafka:", "without")
                .matches(".*[0-9.]+× the speed without");
        assertThat(dir.resolve("feed-writes")).doesNotExist();
    }

    @Test
    void theMeterFiguresAreMeasuredAndPlotted() throws Exception {
        Path docs = dir.resolve("docs");
        Files.createDirectories(docs);
        Files.writeString(docs.resolve("observability.md"), "# Observability\n\n" + MeterFigures.BEGIN + "\nold\n"
                                                            + MeterFigures.END + "\n\nkept\n");
        List<MeterFigures.Overhead> overheads = MeterFigures.run(true, docs, dir.resolve("meters"));

        assertThat(overheads).extracting(o -> o.figure().substring(0, 2)).containsExactly("P3", "P6");
        assertThat(overheads).allSatisfy(o -> assertThat(o.ratio()).isPositive());
        String page = Files.readString(docs.resolve("observability.md"));
        assertThat(page).startsWith("# Observability").endsWith("\n\nkept\n").doesNotContain("old")
                .contains("| P3: read", "| P6: read", MeterFigures.PLOT);
        assertThat(docs.resolve(MeterFigures.PLOT)).isNotEmptyFile();
        assertThat(dir.resolve("meters")).doesNotExist();
    }

    @Test
    void theMemoHitIsMeasuredAgainstThePlainRouteAndItsSystemCalls() throws Exception {
        Path docs = dir.resolve("docs");
        MemoHit.main(new String[] {"--out", docs.toString(), "--rounds", "3", "--calls", "20", "--warm-up", "0"});

        String page = Files.readString(docs.resolve("performance.md"));
        assertThat(page).contains(MemoHit.BEGIN, "bin/bench --memo", "µs added", "the system calls of a hit alone",
                "load average", MemoHit.END);
        assertThat(page.indexOf(MemoHit.BEGIN)).as("kept by the next run: below the notes line")
                .isGreaterThan(page.indexOf(Bench.NOTES));
    }

    @Test
    void theS3LocationIsMeasuredAgainstTheSdkOnOneServer() throws Exception {
        Path docs = dir.resolve("docs");
        // 30 MiB: above the 25 MiB part size, so the large value goes up in parts on both sides
        String block = S3Bench.run(docs, 1, 30, 20, dir);

        assertThat(block).contains(S3Bench.BEGIN, "bin/bench --s3", "load average", "RequestBody.fromFile",
                "multipartEnabled(true)", "30 MiB write, Lake.write(file)", "30 MiB write, tarn: route", "30 MiB read",
                "20 × 1 KiB writes", "20 × 1 KiB reads", "-Xmx64m` finished", S3Bench.END);
        String page = Files.readString(docs.resolve("performance.md"));
        assertThat(page).contains(block);
        assertThat(page.indexOf(S3Bench.BEGIN)).as("kept by the next run: below the notes line")
                .isGreaterThan(page.indexOf(Bench.NOTES));
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the server's files are removed").containsOnly("docs");
        }
    }

    @Test
    void aProfileOfTheS3WritesSamplesTheLocation() throws Exception {
        Path stacks = dir.resolve("stacks-s3.txt");
        Profile.main(new String[] {"s3", "1", stacks.toString()});

        assertThat(Files.readAllLines(stacks)).anyMatch(line -> line.contains("io/tarn/camel/backend/s3/S3Location.write"));
    }

    @Test
    void aProfileOfAFigureSamplesTheLakesCode() throws Exception {
        Path stacks = dir.resolve("stacks.txt");
        Profile.main(new String[] {"levels", "1", stacks.toString()});

        // collapsed stacks: frames joined by ';', then a sample count
        assertThat(Files.readAllLines(stacks)).isNotEmpty().allMatch(line -> line.matches(".+ [0-9]+"))
                .anyMatch(line -> line.contains("io/tarn/location/combine/Levels.read"));
    }
}
