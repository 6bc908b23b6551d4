package io.tarn.camel.backend.servers;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3 server inside the test JVM: s3proxy over a jclouds filesystem blob store in a folder of the test, on a free
 * loopback port, with AWS V2/V4 authentication. The data lives in the folder, so {@link #stop()} then
 * {@link #start()} brings the same objects back on the same port, as a real server's disk would.
 */
public final class S3Server implements AutoCloseable {
    public static final String IDENTITY = "tarn-test-access";
    public static final String CREDENTIAL = "tarn-test-secret-do-not-log";

    private final BlobStoreContext context;
    private final BlobStore store;
    private S3Proxy proxy;
    private int port;

    public S3Server(Path folder) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", folder.toAbsolutePath().toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
        store = context.getBlobStore();
        start();
    }

    /** Starts the server, on a free port the first time and on the same port afterwards. */
    public synchronized void start() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        port = proxy.getPort();
    }

    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public void createBucket(String bucket) {
        store.createContainerInLocation(null, bucket);
    }

    /** Stores an object straight into the blob store, without a request (to fill a bucket fast). */
    public void putDirectly(String bucket, String name, byte[] bytes) {
        store.putBlob(bucket, store.blobBuilder(name).payload(bytes).contentLength((long) bytes.length).build());
    }

    @Override
    public void close() throws Exception {
        stop();
        context.close();
    }
}
