package io.tarn.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.camel.backend.servers.RedisServer;
import io.tarn.lake.Lake;
import io.tarn.lifecycle.GcPolicy;
import io.tarn.location.VerifyOptions;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24's scenario: gc by age in one JVM while another uses the lake (writes values again, reads, touches, writes
 * new ones), on the lake camel-tarn creates and on one with a RedisLocker, gc in this JVM and in the other. Values
 * were stored and last used ten days ago, gc removes what was not used for a day. Invariants: every value a use
 * succeeded on is still there and intact afterwards (a use within olderThan keeps it, in any process; a use that
 * raced gc's delete either kept it or found it missing, never succeeded on a value about to vanish); every value
 * handed out was readable whole; no write failed; gc did remove what nobody used.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GcAcrossProcessesTest {
    private static final int VALUES = 2000;
    private static final Instant TEN_DAYS_AGO = Instant.now().minus(Duration.ofDays(10));

    private static RedisServer redis;

    @TempDir
    Path temp;

    private Process child;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisServer().start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void stopChild() throws Exception {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "gc in {0}, locker {1}, grace {2} ms")
    @CsvSource({"this JVM, none, 0", "the other JVM, none, 10000", "this JVM, RedisLocker, 0",
                "the other JVM, RedisLocker, 10000"})
    void usesInOneProcessKeepWhatTheyUsedFromGcInTheOther(String gcIn, String locker, long graceMillis)
            throws Exception {
        Path root = lakeFor(locker, "tarn.gc");
        Lake lake = Lake.open(root);
        DiskLocation disk = (DiskLocation) lake.location();
        List<Key> keys = new ArrayList<>();
        for (int seed = 0; seed < VALUES; seed++) {
            Key key = lake.write(LakeUsers.value(seed));
            keys.add(key);
            TestData.setMtime(disk.pathOf(key), TEN_DAYS_AGO);
            Path mark = root.resolve("tools/usage").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
            if (Files.exists(mark)) {
                TestData.setMtime(mark, TEN_DAYS_AGO);
            }
        }
        Path used = temp.resolve("used.txt");
        BufferedReader out = startChild(root);
        Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        String summary;
        long removed;
        if (gcIn.equals("this JVM")) {
            assertThat(ask(in, out, "use " + VALUES + " 7")).isEqualTo("using");
            removed = lake.gc(GcPolicy.olderThan(Duration.ofDays(1)).withGrace(Duration.ofMillis(graceMillis)))
                    .removed();
            summary = ask(in, out, "stop " + used);
        } else {
            LakeUsers users = new LakeUsers(lake, VALUES, 2, 7).start();
            String gc = ask(in, out, "gc " + Duration.ofDays(1).toMillis() + " " + graceMillis);
            assertThat(gc).startsWith("gc ");
            removed = Long.parseLong(gc.substring(3));
            summary = "stopped " + users.stop(used);
        }

        String[] counts = summary.split(" ");
        assertThat(counts[0]).as(summary).isEqualTo("stopped");
        assertThat(Integer.parseInt(counts[2])).as("uses that succeeded: %s", summary).isPositive();
        assertThat(Integer.parseInt(counts[6])).as("values handed out that could not be read: %s", summary).isZero();
        assertThat(Integer.parseInt(counts[8])).as("values handed out that did not hash to their key: %s", summary)
                .isZero();
        assertThat(Integer.parseInt(counts[10])).as("uses that failed (writes above all): %s", summary).isZero();
        Set<String> usedKeys = new TreeSet<>(Files.readAllLines(used));
        List<String> lost = usedKeys.stream().filter(hex -> !lake.contains(lake.key(hex))).toList();
        assertThat(lost).as("values used while gc ran, then gone (%d of %d used; %s)", lost.size(), usedKeys.size(),
                summary).isEmpty();
        for (String hex : usedKeys) {
            assertThat(TestData.sha256Hex(TestData.consume(lake.get(lake.key(hex))))).isEqualTo(hex);
        }
        for (int seed = 1; seed < VALUES; seed += 2) {
            assertThat(lake.contains(keys.get(seed))).as("never used: gone").isFalse();
        }
        assertThat(removed).as("at least every value nobody used").isGreaterThanOrEqualTo(VALUES / 2);
        assertThat(lake.verify(VerifyOptions.DEFAULT).corrupt()).isEmpty();
    }

    /**
     * The race of the test above made hundreds of times a second: a few values, used in one process as fast as it
     * can (written again, written and the value handed back kept, read and kept for up to 2 ms), while the other runs
     * gc of everything not in use ({@code olderThan=0}) round after round. Nothing but the use locks stands between a
     * use and gc's delete here. Invariants: no write fails, every value handed out reads whole and hashes to its key,
     * and gc did remove values meanwhile (the race was run).
     */
    @ParameterizedTest(name = "gc in {0}, locker {1}")
    @CsvSource({"this JVM, none", "the other JVM, none", "this JVM, RedisLocker", "the other JVM, RedisLocker"})
    void aValueHandedOutOrWrittenAgainIsNeverRemovedUnderItsUser(String gcIn, String locker) throws Exception {
        Path root = lakeFor(locker, "tarn.held");
        int values = 6;
        long millis = locker.equals("RedisLocker") ? 6000 : 3000; // gc with a RedisLocker takes a lock round trip a key
        Lake lake = Lake.open(root);
        for (int seed = 0; seed < values; seed++) {
            lake.write(LakeUsers.value(seed));
        }
        BufferedReader out = startChild(root);
        Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        String summary;
        String gc;
        if (gcIn.equals("this JVM")) {
            assertThat(ask(in, out, "hold " + values + " 11 3")).isEqualTo("holding");
            gc = "gc " + GcProcessMain.gcLoop(lake, millis);
            summary = ask(in, out, "unhold");
        } else {
            HeldValueUsers users = new HeldValueUsers(lake, values, 3, 11).start();
            gc = ask(in, out, "gc-loop " + millis);
            summary = "stopped " + users.stop();
        }

        System.out.printf("held values, gc in %s, locker %s: %s (rounds, removed); users %s%n", gcIn, locker, gc,
                summary);
        String[] counts = summary.split(" ");
        assertThat(counts[0]).as(summary).isEqualTo("stopped");
        assertThat(Integer.parseInt(counts[6])).as("values handed out that could not be read whole: %s", summary)
                .isZero();
        assertThat(Integer.parseInt(counts[8])).as("values handed out that did not hash to their key: %s", summary)
                .isZero();
        assertThat(Integer.parseInt(counts[10])).as("uses that failed (writes above all): %s", summary).isZero();
        assertThat(Integer.parseInt(counts[2])).as("values handed out and held: %s", summary).isGreaterThan(100);
        assertThat(Long.parseLong(gc.split(" ")[2])).as("values gc removed meanwhile (%s; %s)", gc, summary)
                .isGreaterThan(10);
        assertThat(lake.verify(VerifyOptions.DEFAULT).corrupt()).isEmpty();
    }

    /**
     * The folder of the test's lake: with {@code locker} RedisLocker, a config.yml naming one on the test's
     * redis-server (keys under {@code prefix}) and usage marks; else empty, for the lake camel-tarn creates.
     */
    private Path lakeFor(String locker, String prefix) throws IOException {
        Path root = temp.resolve("lake");
        if (locker.equals("RedisLocker")) {
            Files.createDirectories(root);
            Files.writeString(root.resolve("config.yml"), "levels:\n- 1\n- -1\nlocker:\n  args:\n  - 127.0.0.1\n  - "
                                                          + redis.port() + "\n  kwargs:\n    expire: 10\n    prefix: "
                                                          + prefix + "." + temp.getFileName() + "\n  name: RedisLocker\n"
                                                          + "usage:\n  kwargs: {}\n  name: StatUsage\n");
        }
        return root;
    }

    private BufferedReader startChild(Path root) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path errors = temp.resolve("child.err");
        child = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), GcProcessMain.class.getName(), root.toString())
                .redirectError(errors.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(answer(out)).as("child started; its errors: %s", errors).isEqualTo("ready");
        return out;
    }

    /** The child's next answer, past lines that libraries printed; null when it ended. */
    private static String answer(BufferedReader out) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(GcProcessMain.ANSWER)) {
                return line.substring(GcProcessMain.ANSWER.length());
            }
        }
        return null;
    }

    private String ask(Writer in, BufferedReader out, String command) throws IOException {
        in.write(command + "\n");
        in.flush();
        String answer = answer(out);
        assertThat(answer).as("answer to %s; errors: %s", command, Files.readString(temp.resolve("child.err")))
                .isNotNull();
        return answer;
    }
}
