package io.tarn.camel.remote.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Pattern;

import io.tarn.HashAlgorithm;
import io.tarn.LocationSpecException;
import io.tarn.camel.remote.Reachability;
import org.apache.camel.CamelContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Configures an {@link S3Location}. The S3 client is, in this order: the one given to {@link #client}, the single
 * {@code S3Client} bean of the CamelContext's registry (as camel-aws2-s3 autowires it), or one built here from
 * {@link #endpoint}, {@link #region} and {@link #credentials} (else the SDK's default credential chain). A client built
 * here for a custom endpoint sends checksums only when S3 requires them, which S3-compatible servers (s3proxy, older
 * MinIO and Ceph) need with SDK 2.30 and later, so no global system property is needed.
 */
public final class S3LocationBuilder {
    /** S3's own bucket naming rules; anything else could not be a bucket and must not reach a URI. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX_PART = Pattern.compile("[A-Za-z0-9._=+@-]+");

    final CamelContext camel;
    final String bucket;
    String prefix = "";
    URI endpoint;
    String region = "us-east-1";
    private String accessKey;
    private String secretKey;
    private S3Client client;
    private Boolean checksumsWhenRequired;
    long partSize = 25L << 20;
    boolean failFast;
    Duration retryAfter = Reachability.RETRY_AFTER;
    boolean trackUsage = true;
    S3Location.MetadataStore store = S3Location.MetadataStore.DETECT;
    HashAlgorithm algorithm;
    int listPage = S3Objects.PAGE;

    S3LocationBuilder(CamelContext camel, String bucket) {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new LocationSpecException("'" + bucket + "' is not an S3 bucket name: 3 to 63 lowercase letters, digits,"
                                            + " dots and hyphens, starting and ending with a letter or digit");
        }
        this.camel = camel;
        this.bucket = bucket;
    }

    /** A folder inside the bucket that holds the lake, e.g. {@code lakes/raw}; default: the bucket's root. */
    public S3LocationBuilder prefix(String prefix) {
        String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        for (String part : trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1)) {
            if (!PREFIX_PART.matcher(part).matches() || part.equals(".") || part.equals("..")) {
                throw new LocationSpecException("Prefix '" + prefix + "' of S3 bucket " + bucket + ": each folder is made of"
                                                + " letters, digits and . _ = + @ - (and is not . or ..)");
            }
        }
        this.prefix = trimmed.isEmpty() ? "" : trimmed + "/";
        return this;
    }

    /** An S3-compatible server, e.g. {@code http://127.0.0.1:9000}; path-style addressing is used with it. */
    public S3LocationBuilder endpoint(URI endpoint) {
        this.endpoint = endpoint;
        return this;
    }

    public S3LocationBuilder region(String region) {
        this.region = region;
        return this;
    }

    /** Static credentials; they are kept in the S3 client only, never in names, logs or messages. */
    public S3LocationBuilder credentials(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        return this;
    }

    /** A client of the user's; the location does not close it. Its checksum settings are the user's. */
    public S3LocationBuilder client(S3Client client) {
        this.client = client;
        return this;
    }

    /** Whether a client built here sends checksums only when required; default: yes with a custom endpoint. */
    public S3LocationBuilder checksumsWhenRequired(boolean whenRequired) {
        this.checksumsWhenRequired = whenRequired;
        return this;
    }

    /** Values of at least this many bytes are uploaded in parts of this size (S3's minimum part is 5 MiB). */
    public S3LocationBuilder partSize(long partSize) {
        if (partSize < 5L << 20) {
            throw new LocationSpecException("partSize " + partSize + " of S3 bucket " + bucket
                                            + " is below S3's minimum part size of 5 MiB (5242880 bytes)");
        }
        this.partSize = partSize;
        return this;
    }

    /** Turns an outage into a LocationException instead of a miss or a decline. */
    public S3LocationBuilder failFast(boolean failFast) {
        this.failFast = failFast;
        return this;
    }

    /** While the server is down, calls within this time of the last failure do not try it again. */
    public S3LocationBuilder retryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
        return this;
    }

    /** Whether reads, writes and touches record a usage date (one or two more requests each); default: yes. */
    public S3LocationBuilder trackUsage(boolean trackUsage) {
        this.trackUsage = trackUsage;
        return this;
    }

    /** Where labels and usage dates go: tags, sidecar objects, or tags when the server has them (default). */
    public S3LocationBuilder metadata(S3Location.MetadataStore store) {
        this.store = store;
        return this;
    }

    /** The hash algorithm of the keys stored here (needed to list keys that are not SHA-256). */
    public S3LocationBuilder algorithm(HashAlgorithm algorithm) {
        this.algorithm = algorithm;
        return this;
    }

    /** Objects per listing request; smaller pages only make tests of paging cheaper. */
    S3LocationBuilder listPage(int listPage) {
        this.listPage = listPage;
        return this;
    }

    public S3Location build() {
        return new S3Location(this);
    }

    /** The client the location uses, and whether the location built it (and so closes it). */
    record Client(S3Client client, boolean owned) {
    }

    Client client() {
        if (client != null) {
            return new Client(client, false);
        }
        if (endpoint == null && accessKey == null) {
            var beans = camel.getRegistry().findByType(S3Client.class);
            if (beans.size() == 1) {
                return new Client(beans.iterator().next(), false);
            }
        }
        AwsCredentialsProvider credentials = accessKey == null ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        S3ClientBuilder builder = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(region)).credentialsProvider(credentials);
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        if (checksumsWhenRequired == null ? endpoint != null : checksumsWhenRequired) {
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return new Client(builder.build(), true);
    }

    /** Names the location in logs and errors: bucket, prefix and server, without any credential. */
    String name() {
        String server = "AWS region " + region;
        if (endpoint != null) {
            try {
                server = new URI(endpoint.getScheme(), null, endpoint.getHost(), endpoint.getPort(), endpoint.getPath(),
                        null, null).toString();
            } catch (URISyntaxException e) {
                server = endpoint.getHost();
            }
        }
        return "S3 bucket " + bucket + (prefix.isEmpty() ? "" : " (prefix " + prefix + ")") + " at " + server;
    }
}
