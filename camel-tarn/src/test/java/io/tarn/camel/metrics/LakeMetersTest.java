package io.tarn.camel.metrics;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.backend.servers.S3Server;
import io.tarn.location.Location;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters of a lake levels(small(caffeine), disk, s3 on s3proxy) in a real SimpleMeterRegistry count, per location,
 * exactly what a scripted workload through tarn: endpoints did there.
 */
class LakeMetersTest {
    private static final String LAKE = "tiered";

    @TempDir
    Path tmp;

    private S3Server s3;
    private CamelContext camel;
    private MeterRegistry registry;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        s3 = new S3Server(tmp.resolve("s3"));
        s3.createBucket("lake");
        registry = new SimpleMeterRegistry();
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("meters", registry);
        TarnComponent tarn = camel.getComponent("tarn", TarnComponent.class);
        tarn.getLakes().put(LAKE, "levels(level(small(caffeine:hot?maxBytes=1MiB, 10KiB), cache=true), " + tmp.resolve("disk")
                                  + ", " + s3Leaf() + ")");
        camel.start();
        template = camel.createProducerTemplate();
    }

    private String s3Leaf() {
        return "s3:lake?endpoint=" + s3.endpoint() + "&region=us-east-1&accessKey=" + S3Server.IDENTITY
               + "&secretKey=" + URLEncoder.encode(S3Server.CREDENTIAL, StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        s3.close();
    }

    private Key write(byte[] bytes) {
        String hex = template.request("tarn:" + LAKE + "?operation=write", exchange -> exchange.getIn().setBody(bytes))
                .getMessage().getHeader(TarnConstants.KEY, String.class);
        return Key.parse(hex, io.tarn.HashAlgorithm.SHA256);
    }

    private byte[] read(Key key) {
        return template.requestBodyAndHeader("tarn:" + LAKE + "?operation=read&ignoreMissing=true", null, TarnConstants.KEY, key.hex(),
                byte[].class);
    }

    private double count(String name, String place, String tag, String value) {
        RequiredSearch search = registry.get(name).tag("lake", LAKE).tag("place", place);
        return (tag == null ? search : search.tag(tag, value)).functionCounter().count();
    }

    @Test
    void countsAndBytesPerLevelMatchTheWorkload() throws Exception {
        byte[] a = TestData.bytes(1000, 1);
        byte[] b = TestData.bytes(50_000, 2);
        byte[] c = TestData.bytes(2000, 3);
        Key keyA = write(a);                      // the disk stores it, and the cache level a copy
        Key keyB = write(b);                      // the disk stores it; too large for small(): no copy
        // c is only in S3, put there without the lake
        Location bucket = camel.getComponent("tarn", TarnComponent.class).parseSpec(s3Leaf());
        Key keyC = TestData.sha256Key(c);
        bucket.write(keyC, Value.of(c), Set.of()).orElseThrow().close();

        assertThat(read(keyA)).isEqualTo(a);      // hit at level 0
        assertThat(read(keyB)).isEqualTo(b);      // miss 0, hit 1; the copy up is declined by small()
        assertThat(read(keyC)).isEqualTo(c);      // miss 0, miss 1, hit 2; copied up into level 0
        assertThat(read(keyC)).isEqualTo(c);      // hit at level 0
        Key absent = TestData.sha256Key(TestData.bytes(10, 9));
        assertThat(read(absent)).isNull();        // a miss everywhere

        assertThat(count("tarn.reads", "levels", "result", "hit")).isEqualTo(4);
        assertThat(count("tarn.reads", "levels", "result", "miss")).isEqualTo(1);
        assertThat(count("tarn.writes", "levels", "result", "stored")).isEqualTo(2);
        assertThat(count("tarn.bytes", "levels", "direction", "in")).isEqualTo(51_000);
        assertThat(count("tarn.bytes", "levels", "direction", "out")).isEqualTo(1000 + 50_000 + 2000 + 2000);

        String small = "levels[0]:small";
        assertThat(count("tarn.reads", small, "result", "hit")).isEqualTo(2);
        assertThat(count("tarn.reads", small, "result", "miss")).isEqualTo(3);
        assertThat(count("tarn.writes", small, "result", "stored")).as("a's copy, and c copied up").isEqualTo(2);
        assertThat(count("tarn.writes", small, "result", "declined")).as("b's copy, b's copy up").isEqualTo(2);
        assertThat(count("tarn.copyups", small, "result", "done")).as("a's copy, c's copy up").isEqualTo(2);
        assertThat(count("tarn.copyups", small, "result", "failed")).isZero();

        String caffeine = "levels[0]:small:caffeine";
        assertThat(registry.get("tarn.reads").tag("place", caffeine).tag("result", "hit").functionCounter()
                .getId().getTag("kind")).isEqualTo("caffeine");
        assertThat(registry.get("tarn.reads").tag("place", caffeine).tag("result", "hit").functionCounter()
                .getId().getTag("camelContext")).isEqualTo(camel.getName());
        assertThat(count("tarn.reads", caffeine, "result", "hit")).isEqualTo(2);
        assertThat(count("tarn.reads", caffeine, "result", "miss")).isEqualTo(3);
        assertThat(count("tarn.writes", caffeine, "result", "stored")).isEqualTo(2);
        assertThat(count("tarn.writes", caffeine, "result", "declined")).isZero();
        assertThat(count("tarn.bytes", caffeine, "direction", "in")).isEqualTo(1000 + 2000);
        assertThat(count("tarn.bytes", caffeine, "direction", "out")).isEqualTo(1000 + 2000);

        String disk = "levels[1]:disk";
        assertThat(count("tarn.reads", disk, "result", "hit")).isEqualTo(1);
        assertThat(count("tarn.reads", disk, "result", "miss")).isEqualTo(2);
        assertThat(count("tarn.writes", disk, "result", "stored")).as("a and b: every write").isEqualTo(2);
        assertThat(count("tarn.bytes", disk, "direction", "in")).isEqualTo(1000 + 50_000);
        assertThat(count("tarn.bytes", disk, "direction", "out")).isEqualTo(50_000);
        assertThat(count("tarn.copyups", disk, "result", "done")).isZero();

        String s3Place = "levels[2]:s3";
        assertThat(count("tarn.reads", s3Place, "result", "hit")).isEqualTo(1);
        assertThat(count("tarn.reads", s3Place, "result", "miss")).isEqualTo(1);
        assertThat(count("tarn.writes", s3Place, "result", "stored")).isZero();
        assertThat(count("tarn.bytes", s3Place, "direction", "out")).isEqualTo(2000);
        assertThat(count("tarn.errors", s3Place, "error", "LocationException")).isZero();
        assertThat(count("tarn.corrupt", s3Place, null, null)).isZero();
        assertThat(count("tarn.evictions", s3Place, null, null)).isZero();

        FunctionTimer reads = registry.get("tarn.read").tag("lake", LAKE).tag("place", disk).functionTimer();
        assertThat(reads.count()).isEqualTo(3);
        assertThat(reads.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get("tarn.write").tag("lake", LAKE).tag("place", caffeine).functionTimer().count())
                .isEqualTo(2);
        assertThat(registry.find("tarn.read").tag("place", "levels").functionTimers()).as("leaves are timed").isEmpty();
    }

    @Test
    void anUnreachableLevelIsCountedAsErrorsAndTheMetersGoWithTheContext() throws Exception {
        Key key = write(TestData.bytes(20_000, 4));
        s3.stop();
        Key absent = TestData.sha256Key(TestData.bytes(10, 5));
        try {
            read(absent);
        } catch (Exception e) {
            // the read may fail: S3 could not say whether it has the value
        }
        assertThat(read(key)).hasSize(20_000);
        double errors = registry.get("tarn.errors").tag("lake", LAKE).tag("place", "levels[2]:s3").functionCounters()
                .stream().mapToDouble(io.micrometer.core.instrument.FunctionCounter::count).sum();
        double misses = count("tarn.reads", "levels[2]:s3", "result", "miss");
        assertThat(errors + misses).as("the read that reached S3 while it was down").isEqualTo(1);

        camel.stop();
        assertThat(registry.find("tarn.reads").meters()).as("removed when the component stops").isEmpty();
    }
}
