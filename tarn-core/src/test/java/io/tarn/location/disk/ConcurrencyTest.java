package io.tarn.location.disk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.Entry;

import static io.tarn.TestData.files;
import static io.tarn.TestData.sha256Key;
import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent writers of the same keys, in threads and in processes, end with one intact file per key. */
class ConcurrencyTest {
    private static final int THREADS = 8;

    @TempDir
    Path temp;

    /** Every stored file hashes to its key, one file per key, nothing left in .tmp. */
    private static void assertIntact(Path root, Set<Key> expected) {
        DiskLocation disk = DiskLocation.open(root);
        List<Key> listed;
        try (Stream<Entry> contents = disk.contents()) {
            listed = contents.map(Entry::key).toList();
        }
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        for (Key key : expected) {
            Path file = disk.pathOf(key);
            assertThat(TestData.sha256Hex(file)).as("content of %s", file).isEqualTo(key.hex());
            assertThat(TestData.mode(file)).startsWith("r--").doesNotContain("w");
        }
        assertThat(files(root.resolve(".tmp"))).as(".tmp after the writes").isEmpty();
        List<String> stored = files(root).stream().filter(f -> !f.equals("config.yml") && !f.equals(UseLocks.FILE)
                                                               && !f.startsWith(Journal.FOLDER) && !f.startsWith("tools/usage/"))
                .toList();
        assertThat(stored).hasSize(expected.size());
        // a new lake keeps usage marks: one per value
        assertThat(files(root.resolve("tools/usage"))).hasSize(expected.size());
    }

    private static List<byte[]> values(int count, int seed) {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // some above the 64 KiB memory limit, so that Lake spools them to .tmp and renames them into place
            values.add(TestData.bytes(i % 5 == 0 ? 100_000 + i : 10 + i * 13, seed * 1000L + i));
        }
        return values;
    }

    @Test
    @Timeout(60)
    void threadsWritingTheSameKeyIntoOneLocation() throws Exception {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"));
        byte[] same = TestData.bytes(50_000, 1);
        Key sameKey = sha256Key(same);
        List<byte[]> shared = values(40, 2);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 20; round++) {
                        try (Value written = disk.write(sameKey, Value.of(same), Set.of()).orElseThrow()) {
                            assertThat(TestData.readAll(written)).isEqualTo(same);
                        }
                        // overlapping windows of the shared values, each thread starting elsewhere
                        for (int j = 0; j < 10; j++) {
                            byte[] bytes = shared.get((thread * 5 + round + j) % shared.size());
                            assertThat(disk.write(sha256Key(bytes), Value.of(bytes), Set.of())).isPresent();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Key> expected = new HashSet<>();
        expected.add(sameKey);
        shared.forEach(b -> expected.add(sha256Key(b)));
        assertIntact(disk.root(), expected);
    }

    @Test
    @Timeout(60)
    void threadsWithTheirOwnLakeOnOneFolder() throws Exception {
        // separate Lake/DiskLocation instances share no lock: only the file system arbitrates, as between processes
        Path root = temp.resolve("lake");
        DiskLocation.open(root);
        List<byte[]> shared = values(60, 3);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    Lake lake = Lake.open(root);
                    start.await();
                    for (int round = 0; round < 3; round++) {
                        for (byte[] bytes : shared) {
                            assertThat(lake.write(bytes)).isEqualTo(sha256Key(bytes));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Key> expected = new HashSet<>();
        shared.forEach(b -> expected.add(sha256Key(b)));
        assertIntact(root, expected);
    }

    @Test
    @Timeout(60)
    void threadsCreatingOneNewLakeAgreeOnItsConfig() throws Exception {
        DiskConfig wanted = DiskConfig.defaults().withLevels(List.of(2, -1)).withTools();
        for (int attempt = 0; attempt < 20; attempt++) {
            Path root = temp.resolve("lake-" + attempt);
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<DiskConfig>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return DiskLocation.open(root, wanted).config();
                    }));
                }
                for (Future<DiskConfig> future : futures) {
                    assertThat(future.get(60, TimeUnit.SECONDS)).isEqualTo(wanted);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(root.resolve("config.yml")).hasContent(wanted.toYaml());
            try (Stream<Path> list = Files.list(root)) {
                assertThat(list.map(p -> p.getFileName().toString()).toList())
                        .as("no config.yml.*.part left").containsExactlyInAnyOrder("config.yml", ".tmp", "tools");
            }
        }
    }

    @Test
    @Timeout(120)
    void twoProcessesWritingTheSameKeysIntoOneLake() throws Exception {
        Path root = temp.resolve("lake");
        runWorkers(root);
        Set<Key> expected = expectedKeys();
        assertThat(root.resolve("config.yml")).hasContent(DiskConfig.forNewLake().toYaml());
        try (Stream<Path> list = Files.list(root)) {
            assertThat(list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("config.yml")).toList())
                    .as("no config.yml.*.part left").containsExactly("config.yml");
        }
        assertIntact(root, expected);
    }

    /**
     * Two processes racing on the same keys of a lake with a change journal: every key gets exactly one line (only the
     * writer whose link put the value in place appends), and every line is whole (appends never interleave).
     */
    @Test
    @Timeout(120)
    void twoProcessesWritingTheSameKeysJournalEachValueOnce() throws Exception {
        Path root = temp.resolve("lake");
        DiskLocation lake = DiskLocation.open(root);
        lake.journal().create();
        runWorkers(root);
        assertIntact(root, expectedKeys());
        List<String> lines = new ArrayList<>();
        List<Long> segments = lake.journal().segments();
        for (long segment : segments) {
            lines.addAll(Files.readAllLines(lake.journal().segment(segment)));
        }
        List<Key> journaled = new ArrayList<>();
        try (JournalReader reader = lake.journal().reader(Journal.Position.START)) {
            for (JournalLine line = reader.next(); line != null; line = reader.next()) {
                journaled.add(line.key());
            }
        }
        assertThat(journaled).as("one line a value").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expectedKeys());
        assertThat(lines).as("every line whole").hasSameSizeAs(journaled);
    }

    private static Set<Key> expectedKeys() {
        Set<Key> expected = new HashSet<>();
        for (int i = 0; i < ConcurrentWriterMain.COUNT; i++) {
            expected.add(sha256Key(ConcurrentWriterMain.value(i)));
        }
        return expected;
    }

    /** Runs two {@link ConcurrentWriterMain} workers on the lake at {@code root}, released at the same moment. */
    private void runWorkers(Path root) throws Exception {
        Path go = temp.resolve("go");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        List<Path> ready = new ArrayList<>();
        try {
            for (int worker = 0; worker < 2; worker++) {
                Path log = temp.resolve("worker-" + worker + ".log");
                Path readyFile = temp.resolve("ready-" + worker);
                logs.add(log);
                ready.add(readyFile);
                ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                        ConcurrentWriterMain.class.getName(), root.toString(), go.toString(), readyFile.toString(),
                        Integer.toString(worker));
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
                children.add(builder.start());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!ready.stream().allMatch(Files::exists)) {
                assertThat(System.nanoTime()).as("children ready in time").isLessThan(deadline);
                for (int i = 0; i < children.size(); i++) {
                    assertThat(children.get(i).isAlive() || Files.exists(ready.get(i)))
                            .as("worker %d died before starting: %s", i, logs.get(i).toFile().exists()
                                    ? Files.readString(logs.get(i)) : "").isTrue();
                }
                Thread.sleep(5);
            }
            Files.writeString(go, "go");
            for (int i = 0; i < children.size(); i++) {
                Process child = children.get(i);
                assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("worker %d finished", i).isTrue();
                assertThat(child.exitValue()).as("worker %d exit code; its output:%n%s", i, Files.readString(logs.get(i)))
                        .isZero();
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }
}
