package io.tarn.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;

import static io.tarn.TestData.bytes;
import static io.tarn.TestData.readAll;
import static io.tarn.TestData.sha256Key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Composability" tree of Python tarn's README, on real servers, built from one location spec:
 * levels(small(redis), ssd, fanout(hdd1, hdd2, hdd3, levels(hdd3, old-hdd)), nfs, s3, sftp).
 */
class ComposabilityTest {
    @TempDir
    Path tmp;

    private RealServers servers;
    private CamelContext camel;
    private Lake lake;
    private String spec;

    @BeforeEach
    void start() throws Exception {
        servers = new RealServers(tmp);
        camel = new DefaultCamelContext();
        camel.start();
        // the SSD is small: once it is full, writes go on to the fanout of HDDs
        Files.createDirectories(tmp.resolve("ssd"));
        Files.writeString(tmp.resolve("ssd/config.yml"), "levels:\n- 1\n- -1\nmax_size: 150KiB\n");
        spec = "levels(small(" + servers.redisLeaf("compose:") + ", 10KiB), " + tmp.resolve("ssd") + ", "
               + "fanout(" + tmp.resolve("hdd1") + ", " + tmp.resolve("hdd2") + ", " + tmp.resolve("hdd3") + ", "
               + "levels(" + tmp.resolve("hdd3") + ", " + tmp.resolve("old-hdd") + ")), "
               + tmp.resolve("nfs") + ", " + servers.s3Leaf() + ", " + servers.sftpLeaf("remote") + ")";
        lake = new Lake(camel.getComponent("tarn", TarnComponent.class).parseSpec(spec));
    }

    @AfterEach
    void stop() throws Exception {
        // the trees built from specs belong to the tarn component, which closes them with the context
        camel.close();
        servers.close();
    }

    private Location member(String leaf) {
        return camel.getComponent("tarn", TarnComponent.class).parseSpec(leaf);
    }

    private boolean on(String folder, Key key) {
        return DiskLocation.open(tmp.resolve(folder)).contains(key);
    }

    @Test
    void writesLandInTheFirstLevelThatAccepts() throws Exception {
        Location redis = member(servers.redisLeaf("compose:"));
        byte[] small = bytes(1024, 1);
        Key smallKey = lake.write(small);
        assertThat(redis.contains(smallKey)).as("a small value goes to Redis").isTrue();
        assertThat(on("ssd", smallKey)).isFalse();

        byte[] large = bytes(100 * 1024, 2);
        Key largeKey = lake.write(large);
        assertThat(redis.contains(largeKey)).as("Small declines a large value").isFalse();
        assertThat(on("ssd", largeKey)).as("the SSD takes it").isTrue();

        byte[] another = bytes(100 * 1024, 3);
        Key anotherKey = lake.write(another);
        assertThat(on("ssd", anotherKey)).as("the SSD is full (max_size)").isFalse();
        assertThat(on("hdd1", anotherKey)).as("the fanout's first disk takes it").isTrue();
        assertThat(on("nfs", anotherKey)).isFalse();
    }

    @Test
    void readsCopyValuesUpFromS3AndSftp() throws Exception {
        Location s3 = member(servers.s3Leaf());
        Location sftp = member(servers.sftpLeaf("remote"));
        byte[] inS3 = bytes(50 * 1024, 4);
        byte[] inSftp = bytes(2 * 1024, 5);
        s3.write(sha256Key(inS3), Value.of(inS3), Set.of()).orElseThrow().close();
        sftp.write(sha256Key(inSftp), Value.of(inSftp), Set.of()).orElseThrow().close();

        try (Value value = lake.get(sha256Key(inS3))) {
            assertThat(readAll(value)).isEqualTo(inS3);
        }
        assertThat(on("ssd", sha256Key(inS3))).as("a large value read from S3 is copied to the SSD").isTrue();

        try (Value value = lake.get(sha256Key(inSftp))) {
            assertThat(readAll(value)).isEqualTo(inSftp);
        }
        Location redis = member(servers.redisLeaf("compose:"));
        assertThat(redis.contains(sha256Key(inSftp))).as("a small value read over SFTP is copied to Redis").isTrue();
    }

    @Test
    void theNestedLevelsMirrorTheOldDisk() throws Exception {
        byte[] old = bytes(60 * 1024, 6);
        Key key = sha256Key(old);
        DiskLocation.open(tmp.resolve("old-hdd")).write(key, Value.of(old), Set.of()).orElseThrow().close();
        assertThat(lake.fetch(java.util.List.of(key))).containsEntry(key, io.tarn.lake.Fetched.FOUND);
        assertThat(on("hdd3", key)).as("levels(hdd3, old-hdd) copies it to hdd3").isTrue();
        assertThat(on("ssd", key)).as("and the outer levels to the SSD").isTrue();
    }

    @Test
    void theSameTreeWorksAsAnEndpoint() throws Exception {
        var template = camel.createProducerTemplate();
        String uri = "tarn:compose?location=RAW(" + spec + ")";
        String key = template.request(uri, e -> e.getIn().setBody("through a route"))
                .getMessage().getHeader(TarnConstants.KEY, String.class);
        assertThat(template.requestBodyAndHeader(uri + "&operation=read", null, TarnConstants.KEY, key, String.class))
                .isEqualTo("through a route");
        assertThat(member(servers.redisLeaf("compose:")).contains(lake.key(key))).isTrue();
    }
}
