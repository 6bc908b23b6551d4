package io.tarn.camel.feed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writer JVMs and consumer JVMs ({@link FeedProcessMain}) of one lake and its feed on Kafka (in this JVM), one consumer
 * killed with SIGKILL mid-stream and replaced by another, {@code kills} times: what {@link FeedAcrossProcessesTest}
 * runs over a disk lake and over S3. {@link #run} checks what holds on any lake: every value written is handed on at
 * least once, nothing else is, the values handed on twice are no more than the killed consumer could have had in
 * flight (records handed on but not yet committed: at most {@code maxPollRecords} a kill), and the consumers that were
 * not killed have a share each. The k-th kill comes once the group has handed on k+1 parts in 2(kills+1) of the values
 * and the current victim has handed on 3 (of a poll of maxPollRecords), so it dies mid-stream, with values left.
 */
final class FeedProcesses {
    /** A line of a child's file: a key and the time, in milliseconds of the child's clock. */
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) (\\d+)");

    /**
     * One run: the topic (created with 2 partitions a consumer), the endpoint options naming the lake (see
     * {@link FeedProcessMain}), how many writers write how many values each, how many consumers spend how long on
     * each value, reading at most maxPollRecords a poll, how often the first consumer is killed, and whether the
     * writers write every value before the consumers start (a backlog) or while they run.
     */
    record Scenario(String topic, String lake, int writers, int perWriter, int consumers, long workMs,
                    int maxPollRecords, int kills, boolean backlog) {
        int total() {
            return writers * perWriter;
        }

        /**
         * How long to wait for the writers, and for the group to hand on every value: far more than they need (on a
         * machine loaded by other builds, eight JVMs starting at once have taken 55 s before the first write).
         */
        Duration patience() {
            return Duration.ofMinutes(3).plusMillis(total() * (workMs + 100));
        }
    }

    /** A value written or handed on, and when (by the clock of the JVM that did it). */
    record Handed(String key, long millis) {
    }

    /**
     * What each consumer JVM handed on, in order: the first {@code consumers} ones (0 is the one killed), then each
     * restart of the killed one; how many values were handed on more than once, over all.
     */
    record Outcome(List<List<Handed>> consumers, long duplicates, List<List<Handed>> writers) {
        List<Integer> shares() {
            return consumers.stream().map(List::size).toList();
        }

        /**
         * A consumer's rate, in values per second, in each tenth of what it handed on (tenths by count, so that each
         * is about as many values; a tenth's time runs from the last value of the tenth before to its own last): the
         * route's cost per value, plus whatever the group made the consumer wait (a poll that found nothing, a
         * rebalance). Empty for a consumer that handed on fewer than 20 values.
         */
        double[] rates(int consumer) {
            return tenths(consumer, false);
        }

        /**
         * As {@link #rates}, at each tenth's median pace: 1000 over the median time between two values of the tenth.
         * A pause of the group (a rebalance, a few polls that found nothing) is one long gap, left out; what each value
         * costs, and a pace the writers set, are not.
         */
        double[] paces(int consumer) {
            return tenths(consumer, true);
        }

        private double[] tenths(int consumer, boolean median) {
            List<Handed> handed = consumers.get(consumer);
            int n = handed.size();
            if (n < 20) {
                return new double[0];
            }
            double[] tenths = new double[10];
            for (int tenth = 0; tenth < 10; tenth++) {
                int from = tenth * (n - 1) / 10;
                int to = (tenth + 1) * (n - 1) / 10;
                long[] gaps = new long[to - from];
                for (int i = from; i < to; i++) {
                    gaps[i - from] = handed.get(i + 1).millis() - handed.get(i).millis();
                }
                Arrays.sort(gaps);
                long millis = median ? gaps[gaps.length / 2] : Arrays.stream(gaps).sum();
                tenths[tenth] = (median ? 1 : gaps.length) * 1000.0 / Math.max(1, millis);
            }
            return tenths;
        }

        String report() {
            long start = first(writers);
            List<String> spans = new ArrayList<>();
            List<String> rates = new ArrayList<>();
            List<String> paces = new ArrayList<>();
            for (int consumer = 0; consumer < consumers.size(); consumer++) {
                List<List<Handed>> one = List.of(consumers.get(consumer));
                spans.add(one.get(0).isEmpty() ? "-" : (first(one) - start) + ".." + (last(one) - start));
                rates.add(format(rates(consumer)));
                paces.add(format(paces(consumer)));
            }
            return "written in " + (last(writers) - start) + " ms; shares " + shares() + ", handed on from .. to ms "
                   + spans + ", " + duplicates + " handed on twice or more; values/s per tenth " + rates
                   + ", at its median pace " + paces;
        }

        private static String format(double[] tenths) {
            return Arrays.stream(tenths).mapToObj(r -> String.format("%.1f", r)).collect(Collectors.joining(" ", "[", "]"));
        }

        private static long first(List<List<Handed>> files) {
            return files.stream().filter(f -> !f.isEmpty()).mapToLong(f -> f.get(0).millis()).min().orElse(0);
        }

        private static long last(List<List<Handed>> files) {
            return files.stream().filter(f -> !f.isEmpty()).mapToLong(f -> f.get(f.size() - 1).millis()).max()
                    .orElse(0);
        }
    }

    private final List<Process> children = new ArrayList<>();
    private final Path tmp;
    private final Path logs;
    private final Scenario scenario;
    private final String feed;

    private FeedProcesses(KafkaBroker kafka, Path tmp, Scenario scenario) throws IOException {
        this.tmp = tmp;
        this.scenario = scenario;
        // kept after the test, for a failure's post-mortem
        this.logs = Files.createDirectories(Path.of("target", "feed-processes", scenario.topic()));
        this.feed = "kafka:" + scenario.topic() + "?brokers=" + kafka.brokers() + "&maxPollRecords="
                    + scenario.maxPollRecords() + "&sessionTimeoutMs=3000&heartbeatIntervalMs=500&pollTimeoutMs=200"
                    // several JVMs starting at once on two loaded cores: a publish may wait for more than the
                    // writers' default 5 s (for the topic's metadata, for the broker's answer), and a publish that
                    // fails leaves its value to the full scan, which these tests do not run
                    + "&maxBlockMs=60000&requestTimeoutMs=60000&deliveryTimeoutMs=60000";
    }

    /** Runs the scenario, checks what holds on any lake, and returns what the consumers handed on. */
    static Outcome run(KafkaBroker kafka, Path tmp, Scenario scenario) throws Exception {
        kafka.createTopic(scenario.topic(), 2 * scenario.consumers());
        FeedProcesses run = new FeedProcesses(kafka, tmp, scenario);
        try {
            Outcome outcome = run.run();
            System.out.printf("%s: %d values, %s%n", scenario.topic(), scenario.total(), outcome.report());
            return outcome;
        } finally {
            run.children.forEach(Process::destroyForcibly);
        }
    }

    private Outcome run() throws Exception {
        List<Path> written = new ArrayList<>();
        List<Process> writers = new ArrayList<>();
        List<Path> handedOn = new ArrayList<>();
        List<Process> consumers = new ArrayList<>();
        // every consumer JVM starts at once, the ones that replace the killed one too (a JVM's start on a loaded
        // machine can take longer than the group needs for the values left); each joins the group once its go file
        // exists
        Path go = tmp.resolve("go");
        for (int i = 0; i < scenario.consumers(); i++) {
            handedOn.add(tmp.resolve("consumer-" + i + ".keys"));
            consumers.add(consumer(handedOn.get(i), go));
        }
        List<Process> victims = new ArrayList<>(List.of(consumers.get(0)));
        List<Path> victimFiles = new ArrayList<>(List.of(handedOn.get(0)));
        for (int kill = 0; kill < scenario.kills(); kill++) {
            Path file = tmp.resolve("consumer-0-restart-" + kill + ".keys");
            handedOn.add(file);
            victimFiles.add(file);
            victims.add(consumer(file, restartGo(kill)));
        }
        if (!scenario.backlog()) {
            Files.createFile(go);
            awaitReady(consumers);
        }
        for (int i = 0; i < scenario.writers(); i++) {
            written.add(tmp.resolve("writer-" + i + ".keys"));
            writers.add(start("write", written.get(i).toString(), String.valueOf(scenario.perWriter()), "writer " + i));
        }
        if (scenario.backlog()) {
            awaitWriters(writers);
            Files.createFile(go);
            awaitReady(consumers);
        }
        for (int kill = 0; kill < scenario.kills(); kill++) {
            Path current = victimFiles.get(kill);
            // every kill in the first half: the rebalances they cause are over long before the last values
            long progress = (long) scenario.total() * (kill + 1) / (2 * (scenario.kills() + 1));
            await("the group to hand on " + progress + " values and consumer 0 to be handing on",
                    scenario.patience(), () -> keys(handedOn).size() >= progress && lines(current).size() >= 3);
            victims.get(kill).destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
            Files.createFile(restartGo(kill));
        }
        awaitWriters(writers);
        Set<String> keys = keys(written);
        assertThat(keys).as("values written").hasSize(scenario.total());
        await("every value handed on", scenario.patience(), () -> keys(handedOn).containsAll(keys));
        List<Process> running = new ArrayList<>(consumers.subList(1, consumers.size()));
        running.add(victims.get(scenario.kills()));
        for (Process consumer : running) {
            consumer.destroy(); // SIGTERM: a graceful stop, after which a consumer appends nothing more
        }
        for (Process consumer : running) {
            consumer.waitFor(30, TimeUnit.SECONDS);
        }
        Map<String, Integer> times = new HashMap<>();
        List<List<Handed>> each = new ArrayList<>();
        for (Path file : handedOn) {
            List<Handed> lines = lines(file);
            each.add(lines);
            lines.forEach(handed -> times.merge(handed.key(), 1, Integer::sum));
        }
        List<List<Handed>> writes = new ArrayList<>();
        for (Path file : written) {
            writes.add(lines(file));
        }
        Outcome outcome = new Outcome(each, times.values().stream().mapToInt(n -> n - 1).sum(), writes);
        assertThat(times.keySet()).as("nothing but the values written").isEqualTo(keys);
        assertThat(outcome.duplicates()).as("duplicates bounded by what the killed consumer had in flight: %s",
                outcome.report()).isLessThanOrEqualTo((long) scenario.kills() * scenario.maxPollRecords());
        assertThat(outcome.shares().subList(1, scenario.consumers())).as("the group shares the values")
                .allSatisfy(n -> assertThat(n).isPositive());
        return outcome;
    }

    private void awaitWriters(List<Process> writers) throws InterruptedException {
        for (Process writer : writers) {
            assertThat(writer.waitFor(scenario.patience().toSeconds(), TimeUnit.SECONDS)).as("a writer ends").isTrue();
            assertThat(writer.exitValue()).as("a writer's exit").isZero();
        }
    }

    private void awaitReady(List<Process> consumers) throws Exception {
        await("the consumers started", scenario.patience(), () -> {
            for (Process consumer : consumers) {
                if (!Files.readString(logOf(children.indexOf(consumer))).contains(FeedProcessMain.READY)) {
                    return false;
                }
            }
            return true;
        });
    }

    private Process consumer(Path file, Path go) throws IOException {
        return start("consume", file.toString(), String.valueOf(scenario.workMs()), go.toString());
    }

    private Path restartGo(int kill) {
        return tmp.resolve("go-restart-" + kill);
    }

    private Process start(String mode, String file, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                FeedProcessMain.class.getName(), mode, scenario.lake(), feed, file));
        command.addAll(List.of(args));
        Path log = logOf(children.size());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(child);
        return child;
    }

    private Path logOf(int child) {
        return logs.resolve("child-" + child + ".log");
    }

    private static List<Handed> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        // a line torn by SIGKILL is not a key
        return Files.readAllLines(file, StandardCharsets.US_ASCII).stream().map(LINE::matcher).filter(m -> m.matches())
                .map(m -> new Handed(m.group(1), Long.parseLong(m.group(2)))).toList();
    }

    private static Set<String> keys(List<Path> files) throws IOException {
        Set<String> keys = new HashSet<>();
        for (Path file : files) {
            lines(file).forEach(handed -> keys.add(handed.key()));
        }
        return keys;
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
