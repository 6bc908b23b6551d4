package io.tarn.camel.backend.s3;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.s3.S3Client;

import io.tarn.HashAlgorithm;
import io.tarn.LocationSpecException;
import io.tarn.camel.backend.LeafOptions;
import io.tarn.camel.backend.Reachability;
import io.tarn.camel.backend.RemoteSettings;
import io.tarn.camel.backend.Settings;
import io.tarn.format.Sizes;

/**
 * How an {@link S3Location} reaches its bucket and what it keeps; immutable, changed by {@code with…} methods. The
 * S3 client is, in this order: the one given to {@link #withClient}, the single {@code S3Client} bean of the
 * CamelContext's registry (as camel-aws2-s3 autowires it), or one that camel-aws2-s3 builds from
 * {@link #withEndpoint endpoint}, {@link #withRegion region} and {@link #withCredentials credentials} (else the SDK's
 * default credential chain); see {@link S3Clients}. Credentials never appear in {@link #toString()}.
 */
public final class S3Settings extends Settings<S3Settings> implements RemoteSettings<S3Settings> {
    /** S3's own bucket naming rules; anything else could not be a bucket and must not reach a URI. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX_PART = Pattern.compile("[A-Za-z0-9._=+@-]+");

    private final String bucket;
    private String prefix = "";
    private URI endpoint;
    private String region = "us-east-1";
    private String accessKey;
    private String secretKey;
    private S3Client client;
    private Boolean checksumsWhenRequired;
    private long partSize = 25L << 20;
    private boolean failFast;
    private Duration retryAfter = Reachability.RETRY_AFTER;
    private boolean trackUsage = true;
    private S3Location.MetadataStore store = S3Location.MetadataStore.DETECT;
    private HashAlgorithm algorithm;
    private int listPage = S3Objects.PAGE;

    /** The defaults of every option but the bucket's, for {@link #spec()}. */
    private static final S3Settings DEFAULTS = new S3Settings("defaults");

    private S3Settings(String bucket) {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new LocationSpecException("'" + bucket + "' is not an S3 bucket name: 3 to 63 lowercase letters, digits,"
                                            + " dots and hyphens, starting and ending with a letter or digit");
        }
        this.bucket = bucket;
    }

    /** The bucket's root on AWS (region us-east-1), with tags for labels and usage where the server has them. */
    public static S3Settings of(String bucket) {
        return new S3Settings(bucket);
    }

    /** A folder inside the bucket that holds the lake, e.g. {@code lakes/raw}; default: the bucket's root. */
    public S3Settings withPrefix(String value) {
        String trimmed = value == null ? "" : value.replaceAll("^/+|/+$", "");
        for (String part : trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1)) {
            if (!PREFIX_PART.matcher(part).matches() || part.equals(".") || part.equals("..")) {
                throw new LocationSpecException("Prefix '" + value + "' of S3 bucket " + bucket + ": each folder is made of"
                                                + " letters, digits and . _ = + @ - (and is not . or ..)");
            }
        }
        return with(s -> s.prefix = trimmed.isEmpty() ? "" : trimmed + "/");
    }

    /** An S3-compatible server, e.g. {@code http://127.0.0.1:9000}; path-style addressing is used with it. */
    public S3Settings withEndpoint(URI value) {
        return with(s -> s.endpoint = value);
    }

    public S3Settings withRegion(String value) {
        return with(s -> s.region = Objects.requireNonNull(value, "region"));
    }

    /** Static credentials; they are kept in the S3 client only, never in names, logs or messages. */
    public S3Settings withCredentials(String accessKey, String secretKey) {
        return with(s -> {
            s.accessKey = accessKey;
            s.secretKey = secretKey;
        });
    }

    /** A client of the user's; the location does not close it. Its checksum settings are the user's. */
    public S3Settings withClient(S3Client value) {
        return with(s -> s.client = value);
    }

    /** Whether a client built for the location sends checksums only when required; default: yes with a custom endpoint. */
    public S3Settings withChecksumsWhenRequired(boolean value) {
        return with(s -> s.checksumsWhenRequired = value);
    }

    /** Values of at least this many bytes are uploaded in parts of this size (S3's minimum part is 5 MiB). */
    public S3Settings withPartSize(long value) {
        if (value < 5L << 20) {
            throw new LocationSpecException("partSize " + value + " of S3 bucket " + bucket
                                            + " is below S3's minimum part size of 5 MiB (5242880 bytes)");
        }
        return with(s -> s.partSize = value);
    }

    @Override
    public S3Settings withFailFast(boolean value) {
        return with(s -> s.failFast = value);
    }

    @Override
    public S3Settings withRetryAfter(Duration value) {
        return with(s -> s.retryAfter = Objects.requireNonNull(value, "retryAfter"));
    }

    /** Whether reads, writes and touches record a usage date (one or two more requests each); default: yes. */
    public S3Settings withTrackUsage(boolean value) {
        return with(s -> s.trackUsage = value);
    }

    /** Where labels and usage dates go: tags, sidecar objects, or tags when the server has them (default). */
    public S3Settings withMetadata(S3Location.MetadataStore value) {
        return with(s -> s.store = Objects.requireNonNull(value, "metadata"));
    }

    /** The hash algorithm of the keys stored here (needed to list keys that are not SHA-256). */
    public S3Settings withAlgorithm(HashAlgorithm value) {
        return with(s -> s.algorithm = value);
    }

    /** Objects per listing request; smaller pages only make tests of paging cheaper. */
    S3Settings withListPage(int value) {
        return with(s -> s.listPage = value);
    }

    public String bucket() {
        return bucket;
    }

    /** The prefix, empty or ending with '/'. */
    public String prefix() {
        return prefix;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    /** The user's own client, or null. */
    public S3Client client() {
        return client;
    }

    /** Whether a client built for the location sends checksums only when required. */
    public boolean checksumsWhenRequired() {
        return checksumsWhenRequired == null ? endpoint != null : checksumsWhenRequired;
    }

    public long partSize() {
        return partSize;
    }

    @Override
    public boolean failFast() {
        return failFast;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean trackUsage() {
        return trackUsage;
    }

    public S3Location.MetadataStore metadata() {
        return store;
    }

    /** The keys' algorithm as configured, or null (SHA-256 is assumed). */
    public HashAlgorithm algorithm() {
        return algorithm;
    }

    int listPage() {
        return listPage;
    }

    /** Names the location in logs and errors: bucket, prefix and server, without any credential. */
    String name() {
        String server = endpoint != null ? server() : "AWS region " + region;
        return "S3 bucket " + bucket + (prefix.isEmpty() ? "" : " (prefix " + prefix + ")") + " at " + server;
    }

    /** The endpoint without user information, query or fragment (which may hold credentials). */
    private String server() {
        String text = endpoint.toString().replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@", "$1");
        int end = text.length();
        for (char c : new char[] {'?', '#'}) {
            int at = text.indexOf(c);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        return text.substring(0, end);
    }

    /**
     * The spec leaf of these settings, {@code s3:BUCKET[/PREFIX]} with every option of the leaf's grammar that differs
     * from the defaults ({@code endpoint}, {@code region}, {@code partSize}, {@code trackUsage}, {@code failFast},
     * {@code retryAfter}), so that it parses back to the same settings. The credentials ({@code accessKey},
     * {@code secretKey}) are left out, as is what an endpoint URL holds before its host or after its path: the grammar
     * has no placeholder for them, so what it prints parses back to settings that take credentials from AWS's default
     * chain. A client of the user's and the settings the grammar has no option for (metadata store, algorithm) are not
     * printed.
     */
    public String spec() {
        Map<String, String> options = new LinkedHashMap<>();
        if (endpoint != null) {
            options.put("endpoint", server());
        }
        if (!region.equals(DEFAULTS.region)) {
            options.put("region", region);
        }
        if (partSize != DEFAULTS.partSize) {
            options.put("partSize", Sizes.format(partSize));
        }
        if (!trackUsage) {
            options.put("trackUsage", "false");
        }
        LeafOptions.printRemote(this, options);
        return LeafOptions.print("s3:" + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1)),
                options);
    }

    @Override
    public String toString() {
        return name();
    }
}
