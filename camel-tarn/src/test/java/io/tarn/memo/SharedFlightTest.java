package io.tarn.memo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

import io.tarn.camel.backend.servers.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single flight across JVMs: this JVM and a child JVM, each with a CamelContext memoizing the same slow step over one
 * disk lake, the memo index in a real redis-server. The step runs once and both get its result; a child killed with
 * SIGKILL in the middle of the step lets this JVM compute once the child's lock has expired.
 */
@Timeout(240)
class SharedFlightTest {
    @TempDir
    Path tmp;

    private RedisServer redis;
    private Jedis jedis;
    private Process child;
    private Path control;

    @BeforeEach
    void start() throws Exception {
        redis = new RedisServer().start();
        jedis = new Jedis(redis.host(), redis.port());
        control = Files.createDirectories(tmp.resolve("control"));
    }

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        jedis.close();
        redis.close();
    }

    private void startChild(int lockExpiry, String input) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SharedFlightWorkerMain.class.getName(), "child", Integer.toString(redis.port()), Integer.toString(lockExpiry),
                tmp.resolve("lake").toString(), control.toString(), input)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        waitUntil("the child JVM is ready", () -> Files.exists(control.resolve("ready-child")));
    }

    private CompletableFuture<String> requestHere(CamelContext camel, String input) {
        return CompletableFuture.supplyAsync(() -> {
            Exchange exchange = camel.createProducerTemplate().request("direct:step", e -> e.getIn().setBody(input));
            return SharedFlightWorkerMain.result(exchange);
        });
    }

    @Test
    void theStepRunsOnceAndBothJvmsGetItsResult() throws Exception {
        startChild(60, "computed once");
        try (CamelContext camel = SharedFlightWorkerMain.start("parent", redis.port(), 60, tmp.resolve("lake"), control)) {
            jedis.configResetStat();
            Files.writeString(control.resolve("go"), "go");
            CompletableFuture<String> here = requestHere(camel, "computed once");

            waitUntil("one JVM runs the step and the other waits for its lock, or both run it",
                    () -> runs() >= 1 && calls("set") >= 3 || runs() >= 2);
            assertThat(runs()).as("runs while one JVM computes (%s)", ran()).isEqualTo(1);
            Files.writeString(control.resolve("release-child"), "");
            Files.writeString(control.resolve("release-parent"), "");

            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("child exit; its log: %s", log()).isZero();
            String there = Files.readString(control.resolve("result-child"));
            String mine = here.get(120, TimeUnit.SECONDS);
            assertThat(runs()).as("the step ran once in all (%s)", ran()).isEqualTo(1);
            assertThat(Set.of(mine, there)).containsExactlyInAnyOrder("COMPUTED ONCE\nfalse", "COMPUTED ONCE\ntrue");
        }
    }

    @Test
    void aComputerKilledMidStepLetsTheOtherComputeAfterItsLockExpires() throws Exception {
        int expiry = 4;
        startChild(expiry, "killed midway");
        Files.writeString(control.resolve("go"), "go");
        waitUntil("the child runs the step", () -> runs() == 1);
        try (CamelContext camel = SharedFlightWorkerMain.start("parent", redis.port(), expiry, tmp.resolve("lake"), control)) {
            Files.writeString(control.resolve("release-parent"), "");
            jedis.configResetStat();
            CompletableFuture<String> here = requestHere(camel, "killed midway");
            waitUntil("this JVM waits for the child's lock, or runs the step", () -> calls("set") >= 3 || runs() >= 2);
            assertThat(runs()).as("this JVM waits while the child computes (%s)", ran()).isEqualTo(1);

            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            long killed = System.currentTimeMillis();
            List<byte[]> locks = jedis.scan("0".getBytes(StandardCharsets.US_ASCII),
                    new ScanParams().match("memo:lock:*".getBytes(StandardCharsets.US_ASCII))).getResult();
            assertThat(locks).as("the dead child's lock").hasSize(1);
            long left = jedis.pttl(locks.get(0));
            assertThat(left).isBetween(1L, expiry * 1000L);

            assertThat(here.get(120, TimeUnit.SECONDS)).isEqualTo("KILLED MIDWAY\nfalse");
            assertThat(runs()).isEqualTo(2);
            List<String> ran = ran();
            assertThat(ran.get(0)).startsWith("child ");
            assertThat(ran.get(1)).startsWith("parent ");
            long startedHere = Long.parseLong(ran.get(1).substring("parent ".length()));
            assertThat(startedHere).as("this JVM computed once the child's lock had expired")
                    .isGreaterThanOrEqualTo(killed + left - 50);
        }
    }

    private long runs() {
        String runs = jedis.get("runs");
        return runs == null ? 0 : Long.parseLong(runs);
    }

    private List<String> ran() {
        return jedis.lrange("ran", 0, -1);
    }

    private long calls(String command) {
        Matcher m = Pattern.compile("cmdstat_" + Pattern.quote(command) + ":calls=(\\d+)").matcher(jedis.info("commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private String log() throws Exception {
        Path log = tmp.resolve("child.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void waitUntil(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until %s; child log: %s", what, log()).isLessThan(deadline);
            if (child != null && !child.isAlive()) {
                assertThat(child.exitValue()).as("child died early: %s", log()).isZero();
            }
            Thread.sleep(10);
        }
    }
}
