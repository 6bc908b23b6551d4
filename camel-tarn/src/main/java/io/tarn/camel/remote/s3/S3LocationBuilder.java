package io.tarn.camel.remote.s3;

import java.net.URI;
import java.time.Duration;

import io.tarn.HashAlgorithm;
import org.apache.camel.CamelContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The fluent builder an {@link S3Location} was configured with before every backend's options became immutable
 * settings with {@code with…} methods; each method sets the same option of {@link #settings()}.
 *
 * @deprecated use {@link S3Settings} and {@link S3Location#of(CamelContext, S3Settings)}
 */
@Deprecated
public final class S3LocationBuilder {
    private final CamelContext camel;
    private S3Settings settings;

    S3LocationBuilder(CamelContext camel, String bucket) {
        this.camel = camel;
        this.settings = S3Settings.of(bucket);
    }

    /** The settings as set so far. */
    public S3Settings settings() {
        return settings;
    }

    public S3LocationBuilder prefix(String prefix) {
        settings = settings.withPrefix(prefix);
        return this;
    }

    public S3LocationBuilder endpoint(URI endpoint) {
        settings = settings.withEndpoint(endpoint);
        return this;
    }

    public S3LocationBuilder region(String region) {
        settings = settings.withRegion(region);
        return this;
    }

    public S3LocationBuilder credentials(String accessKey, String secretKey) {
        settings = settings.withCredentials(accessKey, secretKey);
        return this;
    }

    public S3LocationBuilder client(S3Client client) {
        settings = settings.withClient(client);
        return this;
    }

    public S3LocationBuilder checksumsWhenRequired(boolean whenRequired) {
        settings = settings.withChecksumsWhenRequired(whenRequired);
        return this;
    }

    public S3LocationBuilder partSize(long partSize) {
        settings = settings.withPartSize(partSize);
        return this;
    }

    public S3LocationBuilder failFast(boolean failFast) {
        settings = settings.withFailFast(failFast);
        return this;
    }

    public S3LocationBuilder retryAfter(Duration retryAfter) {
        settings = settings.withRetryAfter(retryAfter);
        return this;
    }

    public S3LocationBuilder trackUsage(boolean trackUsage) {
        settings = settings.withTrackUsage(trackUsage);
        return this;
    }

    public S3LocationBuilder metadata(S3Location.MetadataStore store) {
        settings = settings.withMetadata(store);
        return this;
    }

    public S3LocationBuilder algorithm(HashAlgorithm algorithm) {
        settings = settings.withAlgorithm(algorithm);
        return this;
    }

    S3LocationBuilder listPage(int listPage) {
        settings = settings.withListPage(listPage);
        return this;
    }

    public S3Location build() {
        return S3Location.of(camel, settings);
    }
}
