package io.tarn.camel.backend.s3;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.camel.backend.servers.S3Server;
import io.tarn.location.Entry;
import io.tarn.location.GeneratedValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the S3 location does beyond the contract: tarn's object names, parts, sidecars, paging, credentials. */
class S3LocationTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path folder;
    static S3Server server;
    static CamelContext camel;
    static S3Client inspector;
    private String bucket;

    @BeforeAll
    static void start() throws Exception {
        server = new S3Server(folder.resolve("s3"));
        camel = new DefaultCamelContext();
        camel.start();
        inspector = S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.IDENTITY,
                        S3Server.CREDENTIAL)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    @AfterAll
    static void stop() throws Exception {
        inspector.close();
        camel.stop();
        server.close();
    }

    @BeforeEach
    void freshBucket() {
        bucket = "specific-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
    }

    private S3Settings configure() {
        return S3Settings.of(bucket).withEndpoint(server.endpoint()).withPrefix("lakes/raw")
                .withCredentials(S3Server.IDENTITY, S3Server.CREDENTIAL).withRetryAfter(Duration.ofMillis(200));
    }

    private static Key keyOf(String text) {
        return TestData.sha256Key(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Value value(String text) {
        return Value.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> objectNames() {
        return inspector.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).sorted()
                .toList();
    }

    private String objectText(String name) {
        return inspector.getObjectAsBytes(b -> b.bucket(bucket).key(name)).asUtf8String();
    }

    @Test
    void valuesAreStoredUnderTarnsS3Layout() throws Exception {
        try (S3Location location = S3Location.of(camel, configure())) {
            location.write(keyOf("hello world\n"), value("hello world\n"), Set.of()).orElseThrow().close();
            // tarn's key_to_relative(key, [2, -1]): 2 bytes = 4 hex characters, then the rest
            String expected = "lakes/raw/a948/904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";
            assertThat(location.objectName(keyOf("hello world\n"))).isEqualTo(expected);
            assertThat(objectNames()).contains(expected);
            assertThat(objectText(expected)).isEqualTo("hello world\n");
        }
    }

    @Test
    void aValueAboveThePartSizeIsUploadedInPartsAndReadsBack() throws Exception {
        GeneratedValue large = new GeneratedValue(12L << 20, 11);
        try (S3Location location = S3Location.of(camel, configure().withPartSize(5L << 20))) {
            location.write(large.key(), large, Set.of()).orElseThrow().close();
            String etag = inspector.headObject(b -> b.bucket(bucket).key(location.objectName(large.key()))).eTag();
            assertThat(etag).as("a multipart upload's ETag counts its parts").contains("-3");
            try (Value read = location.read(large.key()).orElseThrow()) {
                assertThat(read.size()).isEqualTo(12L << 20);
                assertThat(GeneratedValue.digest(read)).isEqualTo(large.key());
                assertThat(GeneratedValue.digest(read)).as("a second open GETs it again").isEqualTo(large.key());
            }
        }
    }

    @Test
    void labelsAndUsageGoToSidecarsWhenTheServerHasNoTagging() throws Exception {
        Key key = keyOf("labelled");
        try (S3Location location = S3Location.of(camel, configure())) {
            assertThat(location.metadataStore()).isEqualTo(S3Location.MetadataStore.DETECT);
            Instant before = Instant.now().minusSeconds(1);
            location.write(key, value("labelled"), Set.of("scanner-7", "raw")).orElseThrow().close();
            assertThat(location.metadataStore()).isEqualTo(S3Location.MetadataStore.SIDECARS);

            String layout = "/" + key.hex().substring(0, 4) + "/" + key.hex().substring(4);
            assertThat(objectText("lakes/raw/tools/labels" + layout + ".json")).isEqualTo("[\"raw\", \"scanner-7\"]");
            Instant used = S3Metadata.parseUsage(objectText("lakes/raw/tools/usage" + layout));
            assertThat(used).isAfter(before).isEqualTo(location.lastUsed(key).orElseThrow());
            assertThat(location.labels(key)).containsExactlyInAnyOrder("raw", "scanner-7");

            try (Stream<Entry> entries = location.contents()) {
                assertThat(entries.map(Entry::key).toList()).as("sidecars are not values").containsExactly(key);
            }
            assertThat(location.delete(key)).isTrue();
            assertThat(objectNames()).as("the sidecars go with the value").isEmpty();
        }
    }

    @Test
    void tagsOnlyOnAServerWithoutTaggingIsAClearError() {
        try (S3Location location = S3Location.of(camel, configure().withMetadata(S3Location.MetadataStore.TAGS))) {
            assertThatThrownBy(() -> location.write(keyOf("tagged"), value("tagged"), Set.of("x")))
                    .isInstanceOf(LocationException.class).hasMessageContaining(bucket).hasMessageContaining("501");
            assertThat(location.reachability().isUp()).isTrue();
        }
    }

    @Test
    void tagsAreWrittenAndReadAsTarnDoes() {
        Instant used = Instant.ofEpochSecond(1_717_171_717L, 123_456_789);
        Map<String, String> tags = S3Metadata.withLabels(Map.of("other", "x", "_old", "_old"), Set.of("raw"), used);
        assertThat(tags).containsEntry("_raw", "_raw").containsEntry("_old", "_old").containsEntry("other", "x")
                .containsEntry("usage_date", "1717171717.123456");
        assertThat(S3Metadata.labelsOf(tags)).containsExactlyInAnyOrder("raw", "old");
        // Python: str(datetime.now().timestamp()) drops trailing zeros but keeps one decimal
        assertThat(S3Metadata.formatUsage(Instant.ofEpochSecond(1_717_171_717L))).isEqualTo("1717171717.0");
        assertThat(S3Metadata.formatUsage(Instant.ofEpochSecond(1_717_171_717L, 500_000_000))).isEqualTo("1717171717.5");
        assertThat(S3Metadata.parseUsage("1717171717.123456")).isEqualTo(Instant.ofEpochSecond(1_717_171_717L, 123_456_000));
        assertThat(S3Metadata.parseUsage("1717171717")).isEqualTo(Instant.ofEpochSecond(1_717_171_717L));
    }

    @Test
    void contentsPagesThroughMoreThanOneListing() throws Exception {
        int count = 257;
        List<String> hexes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hexes.add(keyOf("paged " + i).hex());
        }
        for (String hex : hexes) {
            server.putDirectly(bucket, "lakes/raw/" + hex.substring(0, 4) + "/" + hex.substring(4), new byte[] {'x'});
        }
        try (S3Location location = S3Location.of(camel, configure().withListPage(100));
             Stream<Entry> entries = location.contents()) {
            assertThat(entries.map(e -> e.key().hex()).collect(Collectors.toSet())).hasSize(count)
                    .containsExactlyInAnyOrderElementsOf(hexes);
        }
    }

    @Test
    void aRefusedCredentialIsAClearErrorWithoutTheSecret() {
        String secret = "wrong-secret-never-shown";
        try (S3Location location = S3Location.of(camel, S3Settings.of(bucket).withEndpoint(server.endpoint())
                .withCredentials(S3Server.IDENTITY, secret))) {
            assertThat(location.toString()).contains(bucket).doesNotContain(secret).doesNotContain(S3Server.IDENTITY);
            assertThatThrownBy(() -> location.read(keyOf("anything")))
                    .isInstanceOf(LocationException.class).hasMessageContaining(bucket).hasMessageContaining("refused")
                    .hasMessageContaining("403").hasMessageNotContaining(secret).hasMessageNotContaining(S3Server.IDENTITY)
                    .hasMessageContaining("secret key");
            assertThat(location.reachability().isUp()).as("a refused credential is not an outage").isTrue();
            assertThat(location.reachability().outages()).isZero();
        }
    }

    @Test
    void aLocationCreatedWhileTheServerIsDownWorksOnceItIsUp() throws Exception {
        try (S3Location seed = S3Location.of(camel, configure())) {
            seed.write(keyOf("early"), value("early"), Set.of()).orElseThrow().close();
        }
        server.stop();
        S3Location location;
        try {
            location = S3Location.of(camel, configure());
            assertThat(location.read(keyOf("early"))).isEmpty();
            assertThat(location.reachability().isUp()).isFalse();
        } finally {
            server.start();
        }
        try (location) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!location.contains(keyOf("early"))) {
                assertThat(System.nanoTime()).as("recovered within 20 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(location.reachability().isUp()).isTrue();
        }
    }
}
