package io.tarn.camel.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writer JVMs and consumer JVMs of one group over one disk lake and its feed on Kafka (in this JVM): a consumer killed
 * with SIGKILL mid-stream and started again. Every value written is handed on at least once, none is lost, and the
 * values handed on twice are no more than the killed consumer could have had in flight (records handed on but not yet
 * committed: at most maxPollRecords a kill). {@code -Dtarn.feed.long=true} writes 10 times more and kills twice.
 */
class FeedAcrossProcessesTest {
    private static final boolean LONG = Boolean.getBoolean("tarn.feed.long");
    private static final int WRITERS = 2;
    private static final int CONSUMERS = 3;
    private static final int PER_WRITER = LONG ? 1500 : 150;
    private static final int KILLS = LONG ? 2 : 1;
    /** Records one poll hands a consumer: what a killed consumer may have handed on and not committed. */
    private static final int MAX_POLL_RECORDS = 10;
    private static final long WORK_MS = 25;
    private static KafkaBroker kafka;

    @TempDir
    Path tmp;
    private final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = KafkaBroker.shared();
    }

    @AfterEach
    void stopChildren() {
        children.forEach(Process::destroyForcibly);
    }

    private Process start(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                FeedProcessMain.class.getName()));
        command.addAll(List.of(args));
        Path log = logOf(children.size());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(child);
        return child;
    }

    private static Path logOf(int child) throws IOException {
        // kept after the test, for a failure's post-mortem
        Path logs = Files.createDirectories(Path.of("target", "feed-processes"));
        return logs.resolve("child-" + child + ".log");
    }

    private Process consumer(String feed, Path file) throws IOException {
        return start("consume", tmp.resolve("lake").toString(), feed, file.toString(), String.valueOf(WORK_MS));
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        // a line torn by SIGKILL is not a key
        return Files.readAllLines(file, StandardCharsets.US_ASCII).stream().filter(l -> l.length() == 64).toList();
    }

    @Test
    void aGroupOfConsumerJvmsHandsOnEveryValueWithOneKilledMidStream() throws Exception {
        kafka.createTopic("lake-feed", 6);
        String feed = "kafka:lake-feed?brokers=" + kafka.brokers() + "&maxPollRecords=" + MAX_POLL_RECORDS
                      + "&sessionTimeoutMs=3000&heartbeatIntervalMs=500&pollTimeoutMs=200"
                      // five JVMs starting at once on two loaded cores: the first publish may wait for more than the
                      // default 5 s (maxBlockMs) for the topic's metadata
                      + "&maxBlockMs=30000";
        List<Path> handedOn = new ArrayList<>();
        for (int i = 0; i < CONSUMERS; i++) {
            handedOn.add(tmp.resolve("consumer-" + i + ".keys"));
        }
        List<Process> consumers = new ArrayList<>();
        for (Path file : handedOn) {
            consumers.add(consumer(feed, file));
        }
        await("the consumers started", Duration.ofSeconds(60), () -> {
            for (int i = 0; i < CONSUMERS; i++) {
                if (!Files.readString(logOf(i)).contains(FeedProcessMain.READY)) {
                    return false;
                }
            }
            return true;
        });
        List<Path> written = new ArrayList<>();
        List<Process> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            written.add(tmp.resolve("writer-" + i + ".keys"));
            writers.add(start("write", tmp.resolve("lake").toString(), feed, written.get(i).toString(),
                    String.valueOf(PER_WRITER), "writer " + i));
        }
        int total = WRITERS * PER_WRITER;
        Path victim = handedOn.get(0);
        for (int kill = 0; kill < KILLS; kill++) {
            Path current = victim;
            await("consumer 0 in the middle of its share", Duration.ofSeconds(60), () -> lines(current).size() >= 15);
            consumers.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
            Path again = tmp.resolve("consumer-0-restart-" + kill + ".keys");
            handedOn.add(again);
            consumers.set(0, consumer(feed, again));
            victim = again;
        }
        for (Process writer : writers) {
            assertThat(writer.waitFor(60, TimeUnit.SECONDS)).as("a writer ends").isTrue();
            assertThat(writer.exitValue()).as("a writer's exit").isZero();
        }
        Set<String> keys = new HashSet<>();
        for (Path file : written) {
            keys.addAll(lines(file));
        }
        assertThat(keys).as("values written").hasSize(total);
        await("every value handed on", Duration.ofSeconds(60), () -> {
            Set<String> seen = new HashSet<>();
            for (Path file : handedOn) {
                seen.addAll(lines(file));
            }
            return seen.containsAll(keys);
        });
        for (Process consumer : consumers) {
            consumer.destroy(); // SIGTERM: a graceful stop
        }
        Map<String, Integer> times = new HashMap<>();
        List<Integer> shares = new ArrayList<>();
        for (Path file : handedOn) {
            List<String> lines = lines(file);
            shares.add(lines.size());
            lines.forEach(key -> times.merge(key, 1, Integer::sum));
        }
        long duplicates = times.values().stream().mapToInt(n -> n - 1).sum();
        System.out.printf("FeedAcrossProcessesTest: %d values, shares %s, %d handed on twice or more%n", total, shares,
                duplicates);
        assertThat(times.keySet()).as("nothing but the values written").isEqualTo(keys);
        assertThat(duplicates).as("duplicates bounded by what the killed consumer had in flight")
                .isLessThanOrEqualTo((long) KILLS * MAX_POLL_RECORDS);
        assertThat(shares.subList(1, CONSUMERS)).as("the group shares the values").allSatisfy(n -> assertThat(n).isPositive());
    }

    private interface Check {
        boolean done() throws Exception;
    }

    private static void await(String what, Duration within, Check check) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        while (!check.done()) {
            assertThat(System.nanoTime()).as("waited %s for %s", within, what).isLessThan(end);
            Thread.sleep(100);
        }
    }
}
