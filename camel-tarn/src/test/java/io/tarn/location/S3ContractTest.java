package io.tarn.location;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.camel.backend.RemoteLocation;
import io.tarn.camel.backend.s3.S3Location;
import io.tarn.camel.backend.s3.S3Settings;
import io.tarn.camel.backend.servers.S3Server;

/**
 * The remote location contract on an S3 location talking to s3proxy (filesystem store) through camel-aws2-s3; every
 * test gets a fresh bucket. s3proxy has no object tagging, so labels and usage go through the sidecar objects.
 */
class S3ContractTest extends RemoteLocationContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path folder;
    static S3Server server;
    static CamelContext camel;
    private String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        server = new S3Server(folder.resolve("s3"));
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        camel.stop();
        server.close();
    }

    static S3Settings configure(String bucket) {
        return S3Settings.of(bucket).withEndpoint(server.endpoint())
                .withCredentials(S3Server.IDENTITY, S3Server.CREDENTIAL).withRetryAfter(Duration.ofMillis(200));
    }

    @Override
    protected Location createLocation() {
        bucket = "lake-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        return S3Location.of(camel, configure(bucket).withPrefix("lakes/main"));
    }

    @Override
    protected void stopServer() throws Exception {
        server.stop();
    }

    @Override
    protected void startServer() throws Exception {
        server.start();
    }

    @Override
    protected RemoteLocation createFailFastLocation() {
        return S3Location.of(camel, configure(bucket).withPrefix("lakes/main").withFailFast(true));
    }
}
