package io.tarn.camel.backend.s3;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import io.tarn.Key;
import io.tarn.camel.backend.servers.S3Server;
import io.tarn.lake.Lake;
import io.tarn.location.GeneratedValue;

/**
 * The child JVM of {@link S3PartsTest}: writes a generated stream of the given size through a Lake over the S3
 * location (spooled, then uploaded in parallel parts) and prints its key. Run with {@code -Xmx64m}.
 * <p>
 * Usage: {@code S3LargeWriteMain ENDPOINT BUCKET SIZE SPOOL_FOLDER}
 */
public final class S3LargeWriteMain {
    static final long SEED = 23;

    private S3LargeWriteMain() {
    }

    public static void main(String[] args) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            S3Location s3 = S3Location.of(camel, S3Settings.of(args[1]).withEndpoint(URI.create(args[0]))
                    .withCredentials(S3Server.IDENTITY, S3Server.CREDENTIAL).withTrackUsage(false));
            try (Lake lake = new Lake(s3).withSpoolFolder(Path.of(args[3]));
                 InputStream in = new GeneratedValue(Long.parseLong(args[2]), SEED).open()) {
                Key key = lake.write(in);
                System.out.println("key " + key.hex());
            }
        }
    }
}
