package io.tarn.camel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.TestData;
import io.tarn.lake.Lake;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lakes of 10^5 values in child JVMs with a 64 MiB heap: list streams through split().streaming(), and the consumer
 * hands on every value exactly once across a SIGKILL, including values put in the lake by hand (no journal line).
 * Nothing waits for time: the test waits for what the child says it did.
 */
class ManyValuesTest {
    private static final int VALUES = 100_000;
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @TempDir
    Path junitTmp;
    /**
     * Where the lakes go: in memory (/dev/shm) where the machine has it, as the figures were measured (on a
     * busy disk, creating and deleting 10^5 files takes minutes), else JUnit's temporary folder.
     */
    Path tmp;

    @BeforeEach
    void makeFolder() throws IOException {
        Path shm = Path.of("/dev/shm");
        tmp = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "tarn-many-")
                : Files.createDirectory(junitTmp.resolve("lakes"));
    }

    @AfterEach
    void deleteLakes() throws Exception {
        TestData.deleteTree(tmp);
    }

    /** Writes values {@code from..from+n-1} through camel-tarn (journaled once a consumer made the journal). */
    private static Set<String> throughLake(Lake lake, int from, int n) {
        Set<String> keys = new HashSet<>();
        for (int i = from; i < from + n; i++) {
            keys.add(lake.write(("value " + i).getBytes(StandardCharsets.US_ASCII)).hex());
        }
        return keys;
    }

    /** Puts values {@code from..from+n-1} into the lake's folders by hand, as a copy would: no journal line. */
    static Set<String> byHand(Path root, int from, int n) throws Exception {
        Set<String> keys = new HashSet<>();
        for (int i = from; i < from + n; i++) {
            byte[] bytes = ("value " + i).getBytes(StandardCharsets.US_ASCII);
            String hex = TestData.sha256Hex(bytes);
            Path file = root.resolve(hex.substring(0, 2)).resolve(hex.substring(2));
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            keys.add(hex);
        }
        return keys;
    }

    private Process child(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ManyValuesMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(tmp.resolve("child-" + args[0] + ".err").toFile()).start();
    }

    /** The child's output lines, as they come. */
    private static BlockingQueue<String> lines(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (Exception e) {
                lines.add("failed: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private String awaitLine(BlockingQueue<String> lines, String prefix, Process child) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !child.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("the child never said '" + prefix + "'; its errors: "
                                 + Files.readString(tmp.resolve(Files.list(tmp).filter(p -> p.toString().endsWith(".err"))
                                         .findFirst().orElseThrow())));
    }

    @Test
    void listOfAHundredThousandValuesStreamsThroughASplitterIn64MiB() throws Exception {
        Path root = tmp.resolve("lake");
        Lake lake = Lake.open(root);
        long t0 = System.nanoTime();
        Set<String> keys = throughLake(lake, 0, VALUES / 2);
        long t1 = System.nanoTime();
        keys.addAll(byHand(root, VALUES / 2, VALUES / 2));
        long t2 = System.nanoTime();
        System.out.printf("ManyValuesTest: %.1f s through the lake, %.1f s by hand%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        Process child = child("list", root.toString());
        try {
            String said = awaitLine(lines(child), "listed", child);
            long sum = keys.stream().mapToLong(String::hashCode).sum();
            assertThat(said).isEqualTo("listed " + VALUES + " ordered true sum " + sum);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
            System.out.printf("ManyValuesTest: listed in %.1f s%n", (System.nanoTime() - t2) / 1e9);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void theConsumerHandsOnEveryValueOnceAcrossASigkillIncludingValuesWrittenByHand() throws Exception {
        Path root = tmp.resolve("lake");
        Path position = tmp.resolve("position");
        Path received = tmp.resolve("received");
        Lake lake = Lake.open(root);
        // before any consumer: no journal yet, found by the first full scan
        Set<String> expected = throughLake(lake, 0, 30_000);

        Process first = child("consume", root.toString(), position.toString(), received.toString(), "40000");
        BlockingQueue<String> said = lines(first);
        try {
            awaitLine(said, "started", first);
            assertThat(root.resolve("tools/journal")).as("the consumer made the journal").isDirectory();
            // while it consumes: journaled values, and values by hand that only a full scan finds
            expected.addAll(throughLake(lake, 30_000, 30_000));
            expected.addAll(byHand(root, 60_000, 10_000));
            awaitLine(said, "holding", first);
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(Files.readAllLines(received)).as("handed on before the kill").hasSize(39_999);

        // while it is down
        expected.addAll(throughLake(lake, 70_000, 15_000));
        expected.addAll(byHand(root, 85_000, 15_000));
        assertThat(expected).hasSize(VALUES);

        Process second = child("consume", root.toString(), position.toString(), received.toString(), "0");
        said = lines(second);
        try {
            awaitLine(said, "started", second);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (countLines(received) < VALUES) {
                assertThat(System.nanoTime()).as("every value handed on; %d so far", countLines(received))
                        .isLessThan(deadline);
                assertThat(second.isAlive()).isTrue();
                Thread.sleep(50);
            }
            // two more full scans end after the last value came: whatever a scan would repeat, it has
            long scans = Long.parseLong(awaitLine(said, "scans", second).substring(6));
            while (Long.parseLong(awaitLine(said, "scans", second).substring(6)) < scans + 2) {
                // next
            }
        } finally {
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> all = Files.readAllLines(received);
        assertThat(all).as("no value repeated").doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).as("no value lost").isEqualTo(expected);
    }

    private static long countLines(Path file) throws Exception {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

}
