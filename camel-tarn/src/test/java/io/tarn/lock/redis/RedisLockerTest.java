package io.tarn.lock.redis;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.camel.backend.servers.RedisServer;
import io.tarn.location.Locker;
import io.tarn.location.disk.DiskLocation;
import io.tarn.lock.redis.RedisLocker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A disk lake whose config.yml names Python tarn's RedisLocker, against a real redis-server, with the other side
 * played by hand exactly as Python tarn 0.14.0 plays it: its writer takes {@code SET prefix:D -1 NX EX expire}, its
 * readers run its Lua scripts (pinned below by the SHA-1s Python's {@code script_load} returned). camel-tarn's reads,
 * writes and deletes wait for Python's locks and Python's would wait for camel-tarn's; expiry is honoured both ways.
 */
@Timeout(120)
class RedisLockerTest {
    private static final String PREFIX = "tarn.tests";
    /** What redis-py's script_load returned for tarn/tools/locker.py's three scripts with expire=10 (by hand, 0.14.0). */
    private static final String STOP_WRITING_SHA = "2bfe2b59c4c4d16c1197bec24a766fc42f1ed9fc";
    private static final String START_READING_SHA = "527a1614fd704e29fad814c358661e1ebfc8004b";
    private static final String STOP_READING_SHA = "d3bf57b15e1b10b4ea98c9640cd3d901c47bea2a";

    private static RedisServer server;

    @TempDir
    Path tmp;

    private Jedis jedis;
    private ExecutorService threads;
    private DiskLocation lake;

    @BeforeAll
    static void startRedis() throws Exception {
        server = new RedisServer().start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        server.close();
    }

    @BeforeEach
    void connect() {
        jedis = new Jedis(server.host(), server.port());
        jedis.flushAll();
        jedis.scriptFlush();
        jedis.configResetStat();
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        if (lake != null) {
            lake.close();
        }
        jedis.close();
    }

    /** A lake as Python tarn's tests configure it: {@code RedisLocker(host, port, prefix='tarn.tests', expire=E)}. */
    private DiskLocation lake(int expire) throws Exception {
        Path root = tmp.resolve("lake");
        Files.createDirectories(root);
        Files.writeString(root.resolve("config.yml"), "levels:\n- 1\n- -1\nlocker:\n  args:\n  - 127.0.0.1\n  - "
                                                      + server.port() + "\n  kwargs:\n    expire: " + expire + "\n"
                                                      + "    prefix: " + PREFIX + "\n  name: RedisLocker\n");
        lake = DiskLocation.open(root);
        return lake;
    }

    /** Python's lock key: {@code prefix.encode() + b':' + key} (the raw digest). */
    private static byte[] lockKey(Key key) {
        byte[] head = (PREFIX + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + key.size()];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(key.bytes(), 0, out, head.length, key.size());
        return out;
    }

    // Python's side, by hand

    /** {@code RedisLocker._start_writing}: {@code SET key -1 NX EX expire}. */
    private boolean pythonStartsWriting(Key key, int expire) {
        return "OK".equals(jedis.set(lockKey(key), "-1".getBytes(StandardCharsets.US_ASCII), SetParams.setParams().nx().ex(expire)));
    }

    private Object pythonRuns(String script, Key key) {
        Object result = jedis.eval(script.getBytes(StandardCharsets.UTF_8), 1, lockKey(key));
        return result instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII) : result;
    }

    private String lockState(Key key) {
        byte[] state = jedis.get(lockKey(key));
        return state == null ? null : new String(state, StandardCharsets.US_ASCII);
    }

    @Test
    void theScriptsArePythonsByteForByte() throws Exception {
        assertThat(sha1(RedisLocker.stopWritingScript())).isEqualTo(STOP_WRITING_SHA);
        assertThat(sha1(RedisLocker.startReadingScript(10))).isEqualTo(START_READING_SHA);
        assertThat(sha1(RedisLocker.stopReadingScript(10))).isEqualTo(STOP_READING_SHA);
        DiskLocation disk = lake(10);
        Key key = TestData.sha256Key("x".getBytes());
        assertThat(disk.write(key, Value.of("x".getBytes()), Set.of())).isPresent();
        assertThat(disk.read(key)).isPresent();
        // the server now knows Python's scripts by Python's SHA-1s: both sides share them
        assertThat(jedis.scriptExists(STOP_WRITING_SHA, START_READING_SHA, STOP_READING_SHA)).containsExactly(true, true, true);
    }

    @Test
    void aCamelTarnWriteHoldsPythonsWriterLockWhileItWrites() throws Exception {
        DiskLocation disk = lake(10);
        byte[] bytes = TestData.bytes(1000, 1);
        Key key = TestData.sha256Key(bytes);
        BlockingValue value = new BlockingValue(bytes);
        Future<Optional<Value>> write = threads.submit(() -> disk.write(key, value, Set.of()));
        assertThat(value.opened.await(30, TimeUnit.SECONDS)).as("the write reads its value").isTrue();

        assertThat(lockState(key)).as("a writer's lock, as Python's SET ... -1 NX EX").isEqualTo("-1");
        assertThat(jedis.ttl(lockKey(key))).isBetween(1L, 10L);
        assertThat(pythonStartsWriting(key, 10)).as("a Python writer cannot take it").isFalse();
        assertThat(pythonRuns(RedisLocker.startReadingScript(10), key)).as("a Python reader cannot either").isEqualTo(0L);
        assertThat(write).isNotDone();

        value.release.countDown();
        assertThat(write.get(30, TimeUnit.SECONDS)).isPresent();
        assertThat(jedis.exists(lockKey(key))).as("released with Python's stop-writing script").isFalse();
        assertThat(pythonStartsWriting(key, 10)).isTrue();
    }

    @Test
    void aCamelTarnWriteWaitsForAPythonWriterAndGoesOnWhenItIsDone() throws Exception {
        DiskLocation disk = lake(10);
        byte[] bytes = TestData.bytes(500, 2);
        Key key = TestData.sha256Key(bytes);
        assertThat(pythonStartsWriting(key, 10)).isTrue();

        Future<Optional<Value>> write = threads.submit(() -> disk.write(key, Value.of(bytes), Set.of()));
        waitUntil("the write asks for the lock again and again", () -> calls("set") >= 4);
        assertThat(write).isNotDone();
        assertThat(disk.pathOf(key)).doesNotExist();

        assertThat(pythonRuns(RedisLocker.stopWritingScript(), key)).isEqualTo("-1");
        assertThat(write.get(30, TimeUnit.SECONDS)).isPresent();
        assertThat(disk.pathOf(key)).hasBinaryContent(bytes);
        assertThat(jedis.exists(lockKey(key))).isFalse();
    }

    @Test
    void readsWaitForPythonWritersAndDeletesForPythonReaders() throws Exception {
        DiskLocation disk = lake(10);
        byte[] bytes = TestData.bytes(700, 3);
        Key key = TestData.sha256Key(bytes);
        disk.write(key, Value.of(bytes), Set.of()).orElseThrow();

        assertThat(pythonStartsWriting(key, 10)).isTrue();
        jedis.configResetStat();
        Future<Optional<Value>> read = threads.submit(() -> disk.read(key));
        waitUntil("the read asks for the lock again and again", () -> calls("evalsha") + calls("eval") >= 4);
        assertThat(read).isNotDone();
        pythonRuns(RedisLocker.stopWritingScript(), key);
        assertThat(read.get(30, TimeUnit.SECONDS)).isPresent();

        assertThat(pythonRuns(RedisLocker.startReadingScript(10), key)).isEqualTo(1L);
        assertThat(pythonRuns(RedisLocker.startReadingScript(10), key)).isEqualTo(1L);
        assertThat(lockState(key)).as("two Python readers").isEqualTo("2");
        jedis.configResetStat();
        Future<Boolean> delete = threads.submit(() -> disk.delete(key));
        waitUntil("the delete asks for the lock again and again", () -> calls("set") >= 3);
        assertThat(delete).isNotDone();
        assertThat(pythonRuns(RedisLocker.stopReadingScript(10), key)).isEqualTo("1");
        assertThat(lockState(key)).isEqualTo("1");
        jedis.configResetStat();
        waitUntil("the delete still asks", () -> calls("set") >= 2);
        assertThat(delete).isNotDone();
        assertThat(disk.pathOf(key)).exists();
        assertThat(pythonRuns(RedisLocker.stopReadingScript(10), key)).isEqualTo("1");
        assertThat(delete.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(disk.pathOf(key)).doesNotExist();
    }

    @Test
    void camelTarnReadersCountThemselvesAsPythonsDo() throws Exception {
        DiskLocation disk = lake(10);
        Key key = TestData.sha256Key("counted".getBytes());
        Locker locker = disk.locker().orElseThrow();
        try (Locker.Held first = locker.read(key)) {
            assertThat(lockState(key)).isEqualTo("1");
            try (Locker.Held second = locker.read(key)) {
                assertThat(lockState(key)).isEqualTo("2");
                assertThat(jedis.ttl(lockKey(key))).isBetween(1L, 10L);
                assertThat(pythonStartsWriting(key, 10)).isFalse();
                assertThat(pythonRuns(RedisLocker.startReadingScript(10), key)).as("a Python reader joins").isEqualTo(1L);
                assertThat(lockState(key)).isEqualTo("3");
                pythonRuns(RedisLocker.stopReadingScript(10), key);
            }
            assertThat(lockState(key)).isEqualTo("1");
        }
        assertThat(jedis.exists(lockKey(key))).isFalse();
    }

    @Test
    void aLockThatIsKeptTimesOutNamingTheKeyAndTheServer() throws Exception {
        DiskLocation disk = lake(1);
        byte[] bytes = TestData.bytes(300, 4);
        Key key = TestData.sha256Key(bytes);
        // a Python writer whose locker has a longer expire than this lake's
        jedis.set(lockKey(key), "-1".getBytes(StandardCharsets.US_ASCII), SetParams.setParams().nx().ex(60));
        long started = System.nanoTime();
        assertThatThrownBy(() -> disk.write(key, Value.of(bytes), Set.of()))
                .isInstanceOf(LocationException.class)
                .hasMessageContaining(key.hex())
                .hasMessageContaining("redis://127.0.0.1:" + server.port() + "/0")
                .hasMessageContaining("'" + PREFIX + ":'")
                .hasMessageContaining("a writer")
                .hasMessageContaining(disk.root().toString());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertThat(disk.pathOf(key)).doesNotExist();
        assertThat(TestData.files(disk.tmpFolder())).isEmpty();
        assertThatThrownBy(() -> disk.read(key)).isInstanceOf(LocationException.class).hasMessageContaining(key.hex());
    }

    @Test
    void theLockOfAWriterThatDiedExpiresAndTheWriteGoesOn() throws Exception {
        DiskLocation disk = lake(2);
        byte[] bytes = TestData.bytes(300, 5);
        Key key = TestData.sha256Key(bytes);
        // a Python writer with the lake's expire, killed before it released its lock
        assertThat(pythonStartsWriting(key, 2)).isTrue();
        long remaining = jedis.pttl(lockKey(key));
        long started = System.nanoTime();
        assertThat(disk.write(key, Value.of(bytes), Set.of())).isPresent();
        assertThat((System.nanoTime() - started) / 1_000_000).as("waited for the expiry").isGreaterThanOrEqualTo(remaining - 50);
        assertThat(disk.pathOf(key)).hasBinaryContent(bytes);

        // and camel-tarn's own lock expires the same way when its holder never releases it
        Key other = TestData.sha256Key("other".getBytes());
        Locker.Held forgotten = disk.locker().orElseThrow().write(other);
        assertThat(jedis.pttl(lockKey(other))).isBetween(1L, 2000L);
        waitUntil("camel-tarn's lock expires", () -> !jedis.exists(lockKey(other)));
        forgotten.close(); // finds nothing to release: logged, never thrown
        assertThat(pythonStartsWriting(other, 2)).isTrue();
    }

    @Test
    void withoutARedisClientOnTheClassPathTheLakeFailsAtOpenNamingTheArtifact() throws Exception {
        Path root = lake(10).root();
        lake.close();
        lake = null;
        String all = System.getProperty("java.class.path");
        String withoutRedis = Stream.of(all.split(File.pathSeparator))
                .filter(entry -> !entry.contains("jedis") && !entry.contains("spring-data-redis"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(withoutRedis).isNotEqualTo(all);
        assertThat(openInAChildJvm(root, all)).isEqualTo("opened");
        assertThat(openInAChildJvm(root, withoutRedis))
                .startsWith(LocationSpecException.class.getName())
                .contains("org.apache.camel:camel-spring-redis")
                .contains("RedisLocker")
                .contains(root.toString());
    }

    private static String openInAChildJvm(Path root, String classPath) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", classPath, OpenLakeMain.class.getName(), root.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output.lines().filter(line -> line.equals("opened") || line.startsWith("io.tarn.") || line.startsWith("java."))
                .findFirst().orElse(output);
    }

    private long calls(String command) {
        Matcher m = Pattern.compile("cmdstat_" + Pattern.quote(command) + ":calls=(\\d+)").matcher(jedis.info("commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until %s", what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static String sha1(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A value whose stream blocks until released, so that a write can be held half way. */
    private static final class BlockingValue implements Value {
        final CountDownLatch opened = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final byte[] bytes;

        BlockingValue(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            opened.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ByteArrayInputStream(bytes);
        }
    }
}
