package io.tarn.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 server of P8: s3proxy 2.6.0 inside this JVM over a jclouds {@code filesystem} blob store in a folder (tmpfs
 * when the machine has /dev/shm, so that neither side waits for a disk), on a free loopback port, AWS V2/V4
 * authentication. Its {@code transient} store would keep every object in this JVM's heap: no room for a 1 GiB value.
 * The SDK clients it hands out are configured as camel-tarn configures the one it builds (path style, checksums
 * only when required, which s3proxy needs with SDK 2.30 and later).
 */
final class InJvmS3 implements AutoCloseable {
    static final String IDENTITY = "tarn-bench-access";
    static final String CREDENTIAL = "tarn-bench-secret";

    private final BlobStoreContext context;
    private final S3Proxy proxy;

    InJvmS3(Path folder) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", folder.toAbsolutePath().toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** The SDK's synchronous client (Apache HTTP client), as an expert would configure it for this server. */
    S3Client client() {
        return S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    /** The SDK's asynchronous client (Netty) with its own multipart upload: parts of 8 MiB (its default), in parallel. */
    S3AsyncClient multipartClient() {
        return S3AsyncClient.builder().endpointOverride(endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new WithoutObjectSize()))
                .multipartEnabled(true).build();
    }

    /**
     * The SDK's multipart upload states the object's size on CompleteMultipartUpload ({@code x-amz-mp-object-size}),
     * a header s3proxy 2.6.0 refuses with 501: left out (S3 only uses it to check the sum of the parts).
     */
    private static final class WithoutObjectSize implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("x-amz-mp-object-size").build();
        }
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
