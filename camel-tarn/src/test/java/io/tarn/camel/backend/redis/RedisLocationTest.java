package io.tarn.camel.backend.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.location.Entry;
import io.tarn.location.GeneratedValue;
import io.tarn.location.combine.Fanout;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the Redis location keeps beyond the contract: Python tarn's byte layout (read back with a plain Redis client),
 * ttl, the maxValueSize bound, and the round trips of reads.
 */
class RedisLocationTest {
    private static final byte[] PREFIX = "lake:".getBytes(StandardCharsets.US_ASCII);
    private static RedisFixture fixture;
    private static CamelContext camel;
    private Jedis jedis;

    @BeforeAll
    static void startRedis() throws Exception {
        fixture = RedisFixture.start();
        camel = fixture.camel;
    }

    @AfterAll
    static void stopRedis() throws Exception {
        fixture.close();
    }

    @BeforeEach
    void flush() {
        fixture.flush();
        jedis = fixture.jedis();
    }

    @AfterEach
    void closeClient() {
        jedis.close();
    }

    private static RedisSettings options() {
        return fixture.options().withPrefix(PREFIX);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Key keyOf(String text) {
        return TestData.sha256Key(bytes(text));
    }

    private static byte[] concat(byte[]... parts) {
        return RedisLayout.concat(parts);
    }

    @Test
    void writesTarnsLayoutByteForByte() {
        Key key = keyOf("hello");
        Instant before = Instant.now();
        try (RedisLocation redis = new RedisLocation(camel, options().withKeepLabels(true).withKeepUsage(true))) {
            redis.write(key, Value.of(bytes("hello")), Set.of("raw", "ünïcode")).orElseThrow();
        }
        byte[] content = concat(PREFIX, key.bytes());
        assertThat(content).as("prefix + 32 raw digest bytes, not hex").hasSize(PREFIX.length + 32);
        assertThat(jedis.get(content)).isEqualTo(bytes("hello"));

        String labels = new String(jedis.get(concat(bytes("labels"), content)), StandardCharsets.US_ASCII);
        assertThat(labels).as("json.dumps of a list: ', ' between items, non-ASCII escaped")
                .isIn("[\"raw\", \"\\u00fcn\\u00efcode\"]", "[\"\\u00fcn\\u00efcode\", \"raw\"]");

        String usage = new String(jedis.get(concat(bytes("usage_date"), content)), StandardCharsets.US_ASCII);
        assertThat(usage).as("float(usage) in Python").matches("\\d+\\.\\d{1,6}");
        Instant used = Instant.ofEpochMilli((long) (Double.parseDouble(usage) * 1000));
        assertThat(used).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));

        assertThat(jedis.keys(bytes("*"))).as("nothing else is written").hasSize(3);
        assertThat(jedis.ttl(content)).as("no ttl unless asked").isEqualTo(-1);
    }

    @Test
    void readsWhatPythonTarnWrote() throws IOException {
        Key key = keyOf("from python");
        byte[] content = concat(PREFIX, key.bytes());
        // what redis-py sends for RedisLocation(prefix=b'lake:', keep_labels=True, keep_usage=True)
        jedis.set(content, bytes("from python"));
        jedis.set(concat(bytes("labels"), content), bytes("[\"x\", \"y\\u00e9\"]"));
        jedis.set(concat(bytes("usage_date"), content), bytes("1732470000.123456"));
        jedis.set(bytes("lake:unrelated"), bytes("not a value of this lake"));
        try (RedisLocation redis = new RedisLocation(camel, options().withKeepLabels(true).withKeepUsage(true))) {
            Value value = redis.read(key).orElseThrow();
            assertThat(value.open().readAllBytes()).isEqualTo(bytes("from python"));
            assertThat(redis.labels(key)).containsExactlyInAnyOrder("x", "yé");
            try (Stream<Entry> entries = redis.contents()) {
                assertThat(entries.map(Entry::key).toList()).as("labels, usage and foreign keys are skipped")
                        .containsExactly(key);
            }
            Instant python = Instant.ofEpochSecond(1732470000, 123456000);
            assertThat(redis.lastUsed(key).orElseThrow()).as("the read marked a new usage date").isAfter(python);
        }
    }

    @Test
    void aTtlExpiresEveryKeyAndAReadRefreshesIt() {
        Key key = keyOf("short-lived");
        byte[] content = concat(PREFIX, key.bytes());
        try (RedisLocation redis = new RedisLocation(camel, options().withKeepLabels(true).withKeepUsage(true)
                .withTtl(Duration.ofSeconds(100)))) {
            redis.write(key, Value.of(bytes("short-lived")), Set.of("l")).orElseThrow();
            assertThat(jedis.ttl(content)).isBetween(90L, 100L);
            assertThat(jedis.ttl(concat(bytes("labels"), content))).isBetween(90L, 100L);
            assertThat(jedis.ttl(concat(bytes("usage_date"), content))).isBetween(90L, 100L);

            jedis.expire(content, 5);
            assertThat(redis.read(key)).isPresent();
            assertThat(jedis.ttl(content)).as("refreshed by the read").isBetween(90L, 100L);

            jedis.expire(content, 5);
            assertThat(redis.touch(key)).isTrue();
            assertThat(jedis.ttl(content)).as("refreshed by touch").isBetween(90L, 100L);

            jedis.expire(content, 5);
            redis.readBatch(List.of(key), (k, value) -> assertThat(value).isPresent());
            assertThat(jedis.ttl(content)).as("refreshed by a batch read").isBetween(90L, 100L);
        }
    }

    @Test
    void aValueAboveMaxValueSizeIsDeclinedWithoutBeingOpened() throws Exception {
        CountingValue huge = new CountingValue(new GeneratedValue(100L << 20, 3));
        Key key = keyOf("stands for the huge value");
        try (RedisLocation redis = new RedisLocation(camel, options().withMaxValueSize(8L << 20))) {
            assertThat(redis.write(key, huge, Set.of())).isEmpty();
            assertThat(huge.opens.get()).as("never read into memory").isZero();

            CountingValue unknownSize = new CountingValue(new GeneratedValue(9L << 20, 4)) {
                @Override
                public long size() {
                    return -1;
                }
            };
            assertThat(redis.write(key, unknownSize, Set.of())).as("a value of unknown size, read up to the bound")
                    .isEmpty();
        }
        assertThat(jedis.keys(bytes("*"))).isEmpty();
    }

    @Test
    void aDeclinedValueMovesOnToTheNextFanoutMember(@TempDir Path tmp) throws Exception {
        GeneratedValue large = new GeneratedValue(2L << 20, 5);
        try (RedisLocation redis = new RedisLocation(camel, options().withMaxValueSize(1L << 20));
             Fanout fanout = Fanout.of(redis, DiskLocation.open(tmp.resolve("lake")))) {
            Value stored = fanout.write(large.key(), large, Set.of()).orElseThrow();
            stored.close();
            assertThat(redis.contains(large.key())).isFalse();
            assertThat(fanout.contains(large.key())).isTrue();
        }
    }

    @Test
    void aReadIsOneGetAndABatchOfAHundredIsOneMget() {
        List<Key> keys = new ArrayList<>();
        try (RedisLocation redis = new RedisLocation(camel, options())) {
            for (int i = 0; i < 99; i++) {
                keys.add(keyOf("batch " + i));
                redis.write(keys.get(i), Value.of(bytes("batch " + i)), Set.of()).orElseThrow();
            }
            keys.add(5, keyOf("absent"));

            jedis.configResetStat();
            assertThat(redis.read(keys.get(0))).isPresent();
            assertThat(commandCalls()).as("one GET, no EXISTS before it").isEqualTo(Map.of("get", 1));

            jedis.configResetStat();
            Map<Key, String> seen = new HashMap<>();
            redis.readBatch(keys, (key, value) -> seen.put(key, value.map(v -> text(v)).orElse(null)));
            assertThat(commandCalls()).as("one round trip for 100 keys").isEqualTo(Map.of("mget", 1));
            assertThat(seen).hasSize(100).containsEntry(keyOf("absent"), null).containsEntry(keys.get(99), "batch 98");

            jedis.configResetStat();
            keys.add(keyOf("one more"));
            redis.readBatch(keys, (key, value) -> { });
            assertThat(commandCalls()).as("batchSize 100: two MGETs for 101 keys").isEqualTo(Map.of("mget", 2));
        }
    }

    @Test
    void aRefusedPasswordIsAnErrorNotAnOutageAndStaysSecret() {
        try (RedisLocation redis = new RedisLocation(camel, options().withPassword("s3cret-pa55"))) {
            assertThat(redis.toString()).doesNotContain("s3cret");
            assertThat(redis.reachability().location()).doesNotContain("s3cret");
            // this server has no password: it answers AUTH with an error, which waiting will not fix
            assertThatThrownBy(() -> redis.read(keyOf("x"))).isInstanceOf(LocationException.class)
                    .hasMessageContaining("refused the connection").hasMessageContaining("AUTH")
                    .hasMessageContaining("password").hasMessageNotContaining("s3cret");
            assertThat(redis.reachability().isUp()).isTrue();
        }
    }

    private static String text(Value value) {
        return new String(TestData.readAll(value), StandardCharsets.UTF_8);
    }

    /** Commands the server ran since the last CONFIG RESETSTAT, by name, without the test's own INFO. */
    private Map<String, Integer> commandCalls() {
        Map<String, Integer> calls = new HashMap<>();
        Matcher m = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)").matcher(jedis.info("commandstats"));
        while (m.find()) {
            calls.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        calls.remove("info");
        calls.remove("config|resetstat");
        return calls.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** A value that counts how often it is opened. */
    private static class CountingValue implements Value {
        final AtomicInteger opens = new AtomicInteger();
        private final Value inner;

        CountingValue(Value inner) {
            this.inner = inner;
        }

        @Override
        public long size() {
            return inner.size();
        }

        @Override
        public InputStream open() throws IOException {
            opens.incrementAndGet();
            return inner.open();
        }
    }
}
