package io.tarn.camel.backend.s3;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.camel.backend.servers.S3Server;
import io.tarn.location.GeneratedValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Large values held in a file go up in parallel parts, all or nothing, in constant memory. */
class S3PartsTest {
    private static final long PART = 5L << 20;

    @TempDir
    static Path folder;
    static S3Server server;
    static CamelContext camel;
    static S3Client inspector;

    @BeforeAll
    static void start() throws Exception {
        server = new S3Server(folder.resolve("s3"));
        camel = new DefaultCamelContext();
        camel.start();
        inspector = client(null);
    }

    @AfterAll
    static void stop() throws Exception {
        inspector.close();
        camel.stop();
        server.close();
    }

    /** A client of the test's, with an interceptor that sees every request the location sends. */
    private static S3Client client(ExecutionInterceptor interceptor) {
        return S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.IDENTITY,
                        S3Server.CREDENTIAL)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> {
                    if (interceptor != null) {
                        c.addExecutionInterceptor(interceptor);
                    }
                }).build();
    }

    private static Path file(GeneratedValue value, String name) throws Exception {
        Path file = folder.resolve(name);
        try (InputStream in = value.open()) {
            Files.copy(in, file);
        }
        return file;
    }

    private static S3Settings settings(String bucket, S3Client client) {
        server.createBucket(bucket);
        return S3Settings.of(bucket).withClient(client).withPartSize(PART).withTrackUsage(false);
    }

    /** Counts UploadPart requests and how many were in flight at once; the first two wait for each other. */
    private static final class Parts implements ExecutionInterceptor {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final CountDownLatch two = new CountDownLatch(2);
        final CountDownLatch abortSent = new CountDownLatch(1);
        final AtomicInteger inFlightAtAbort = new AtomicInteger(-1);
        volatile int failing;

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof UploadPartRequest part) {
                sent.incrementAndGet();
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                two.countDown();
                try {
                    // sequential parts would wait here in vain: one part in flight at most
                    two.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (part.partNumber() == failing) {
                    inFlight.decrementAndGet();
                    throw SdkClientException.create("part " + failing + " refused by the test");
                }
                if (failing > 0 && part.partNumber() > failing) {
                    // a part after the refused one stays on the wire a while: long enough for an abort sent too
                    // early to overtake it
                    try {
                        abortSent.await(1, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (context.request() instanceof AbortMultipartUploadRequest) {
                inFlightAtAbort.compareAndSet(-1, inFlight.get());
                abortSent.countDown();
            }
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof UploadPartRequest) {
                inFlight.decrementAndGet();
            }
        }
    }

    @Test
    void aFileAboveThePartSizeGoesUpInPartsSentConcurrentlyAndReadsBackByteIdentical() throws Exception {
        GeneratedValue value = new GeneratedValue(4 * PART + 12345, 21);
        Path file = file(value, "parallel.bin");
        Parts parts = new Parts();
        try (S3Client client = client(parts); S3Location location = S3Location.of(camel, settings("parallel", client))) {
            location.write(value.key(), Value.of(file), Set.of()).orElseThrow().close();

            assertThat(parts.sent).as("UploadPart requests").hasValue(5);
            assertThat(parts.most.get()).as("parts in flight at once").isBetween(2, S3Parts.THREADS);
            String etag = inspector.headObject(b -> b.bucket("parallel").key(location.objectName(value.key()))).eTag();
            assertThat(etag).as("a multipart upload's ETag counts its parts").endsWith("-5\"");
            try (Value read = location.read(value.key()).orElseThrow()) {
                assertThat(read.size()).isEqualTo(value.size());
                assertThat(GeneratedValue.digest(read)).isEqualTo(value.key());
            }
        }
    }

    @Test
    void aFailedPartAbortsTheUploadAndLeavesNoPartAndNoObject() throws Exception {
        GeneratedValue value = new GeneratedValue(4 * PART, 22);
        Path file = file(value, "failing.bin");
        Parts parts = new Parts();
        parts.failing = 3;
        try (S3Client client = client(parts); S3Location location = S3Location.of(camel, settings("failing", client))) {
            assertThatThrownBy(() -> location.write(value.key(), Value.of(file), Set.of()))
                    .hasMessageContaining("part 3 refused by the test").hasMessageContaining("failing");

            assertThat(parts.inFlightAtAbort).as("parts in flight when the abort was sent").hasValue(0);

            assertThat(inspector.listMultipartUploads(b -> b.bucket("failing")).uploads()).as("uploads left open").isEmpty();
            assertThatThrownBy(() -> inspector.headObject(b -> b.bucket("failing").key(location.objectName(value.key()))))
                    .isInstanceOf(NoSuchKeyException.class);
            assertThat(inspector.listObjectsV2(b -> b.bucket("failing")).contents()).as("objects, parts included").isEmpty();
            assertThat(location.contains(value.key())).isFalse();
        }
    }

    @Test
    void aLargeStreamGoesUpThroughALakeWithA64MiBHeap() throws Exception {
        server.createBucket("heap");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path spool = Files.createDirectories(folder.resolve("child-spool"));
        Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), S3LargeWriteMain.class.getName(), server.endpoint().toString(),
                "heap", Long.toString(256L << 20), spool.toString()).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
            }
        }
        assertThat(child.waitFor()).as(String.join("\n", output)).isZero();
        String hex = output.stream().filter(l -> l.startsWith("key ")).map(l -> l.substring(4)).findFirst().orElseThrow();
        Key key = new GeneratedValue(256L << 20, S3LargeWriteMain.SEED).key();
        assertThat(hex).isEqualTo(key.hex());
        try (S3Location location = S3Location.of(camel, S3Settings.of("heap").withClient(inspector))) {
            var head = inspector.headObject(b -> b.bucket("heap").key(location.objectName(key)));
            assertThat(head.contentLength()).isEqualTo(256L << 20);
            assertThat(head.eTag()).as("25 MiB parts").endsWith("-11\"");
        }
    }
}
