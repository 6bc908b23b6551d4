package io.tarn.camel.backend.s3;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import io.tarn.BoundedRead;
import io.tarn.CollisionException;
import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.Value;
import io.tarn.camel.backend.Reachability;
import io.tarn.camel.backend.RemoteLocation;
import io.tarn.format.KeyLayout;
import io.tarn.location.Collisions;
import io.tarn.location.Entry;
import io.tarn.location.OrderedKeys;

/**
 * A bucket (or a folder of it) of any S3-compatible server, in Python tarn's S3 layout: the value of key {@code h} is
 * the object {@code prefix + h[0:4] + "/" + h[4:]} (levels [2, -1]), its labels and usage date are object tags as
 * tarn writes them, or sidecar objects where the server has no tagging ({@link S3Metadata}). Every request goes
 * through camel-aws2-s3 ({@link S3Objects}; the parts of a large file in parallel through its client,
 * {@link S3Parts}) and through {@link Reachability}: an unreachable server is a miss and a
 * decline, a refused credential or any other server error is a {@link LocationException} naming the bucket.
 */
public final class S3Location implements RemoteLocation {
    /** Where labels and usage dates are kept. */
    public enum MetadataStore {
        /** Object tags when the server supports them, else sidecar objects (found out on first use). */
        DETECT,
        /** Object tags only, as Python tarn. */
        TAGS,
        /** Sidecar objects under {@code tools/} only. */
        SIDECARS
    }

    static final KeyLayout LAYOUT = KeyLayout.of(2, -1);

    private final String name;
    /** What {@link #toString()} prints: the spec leaf of its settings, without credentials ({@link S3Settings#spec()}). */
    private final String spec;
    private final String prefix;
    private final HashAlgorithm configured;
    private final HashAlgorithm algorithm;
    private final boolean trackUsage;
    private final S3Objects objects;
    private final S3Metadata metadata;
    private final Reachability reachability;

    private S3Location(CamelContext camel, S3Settings settings) {
        this.name = settings.name();
        this.spec = settings.spec();
        this.prefix = settings.prefix();
        this.configured = settings.algorithm();
        this.algorithm = configured == null ? HashAlgorithm.SHA256 : configured;
        this.trackUsage = settings.trackUsage();
        S3Clients.Client client = S3Clients.of(camel, settings);
        this.objects = new S3Objects(camel, settings.bucket(), client.client(), client.owned() ? client.client() : null,
                settings.partSize(), settings.listPage());
        this.metadata = new S3Metadata(objects, prefix, settings.metadata(), name);
        this.reachability = new Reachability(name, settings, S3Location::isUnavailable);
    }

    /** A location on the bucket of {@code settings}, reached through the context's camel-aws2-s3 component. */
    public static S3Location of(CamelContext camel, S3Settings settings) {
        return new S3Location(camel, settings);
    }

    /** The object name of a key's value, relative to the bucket: tarn's layout under the prefix. */
    public String objectName(Key key) {
        return prefix + LAYOUT.relative(key);
    }

    /** Where labels and usage dates are kept now (DETECT until the server has been asked). */
    public MetadataStore metadataStore() {
        return metadata.store();
    }

    @Override
    public Optional<Value> read(Key key) {
        return call("read " + key.hex(), () -> {
            Optional<ResponseInputStream<GetObjectResponse>> found = objects.get(objectName(key));
            if (found.isEmpty()) {
                return Optional.<Value>empty();
            }
            S3Value value = new S3Value(objects, objectName(key), found.get().response().contentLength(), found.get(), name);
            try {
                if (trackUsage) {
                    metadata.update(LAYOUT.relative(key), Set.of(), true);
                }
            } catch (Exception e) {
                value.close();
                throw e;
            }
            return Optional.<Value>of(value);
        }, Optional::empty);
    }

    @Override
    public boolean contains(Key key) {
        return call("look up " + key.hex(), () -> objects.head(objectName(key)).isPresent(), () -> false);
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        return call("write " + key.hex(), () -> {
            String object = objectName(key);
            Optional<ResponseInputStream<GetObjectResponse>> stored = objects.get(object);
            long size;
            if (stored.isPresent()) {
                size = stored.get().response().contentLength();
                checkSame(key, value, new S3Value(objects, object, size, stored.get(), name));
            } else {
                size = BoundedRead.size(value, Long.MAX_VALUE);
                objects.upload(object, value, size);
            }
            metadata.update(LAYOUT.relative(key), labels == null ? Set.of() : labels, trackUsage);
            return Optional.<Value>of(new S3Value(objects, object, size, null, name));
        }, reachability::declined);
    }

    @Override
    public boolean delete(Key key) {
        return call("delete " + key.hex(), () -> {
            if (objects.head(objectName(key)).isEmpty()) {
                return false;
            }
            objects.delete(objectName(key));
            metadata.delete(LAYOUT.relative(key));
            return true;
        }, () -> false);
    }

    @Override
    public boolean touch(Key key) {
        return call("touch " + key.hex(), () -> {
            if (objects.head(objectName(key)).isEmpty()) {
                return false;
            }
            metadata.update(LAYOUT.relative(key), Set.of(), true);
            return true;
        }, () -> false);
    }

    /** Always: as object tags, or sidecar objects where the server has no tagging. */
    @Override
    public boolean keepsLabels() {
        return true;
    }

    @Override
    public Set<String> labels(Key key) {
        return call("read the labels of " + key.hex(), () -> {
            try {
                return metadata.labels(LAYOUT.relative(key));
            } catch (NoSuchKeyException e) {
                return Set.<String>of();
            }
        }, Set::of);
    }

    @Override
    public Optional<Instant> lastUsed(Key key) {
        return call("read the usage date of " + key.hex(), () -> {
            try {
                return metadata.lastUsed(LAYOUT.relative(key));
            } catch (NoSuchKeyException e) {
                return Optional.<Instant>empty();
            }
        }, Optional::empty);
    }

    /** Every key under the prefix, one page (1000 objects) at a time; an outage ends the listing early. */
    @Override
    public Stream<Entry> contents() {
        return keys(null).map(key -> new Entry(key, this));
    }

    /**
     * The keys in ascending order, a page at a time from the first after the one given: S3 lists names in order, and
     * tarn's layout (fixed-width folders of the key's hex) orders names as their keys. A consumer of the lake sweeps it
     * this way, going on where its last poll stopped.
     */
    @Override
    public Optional<OrderedKeys> orderedKeys() {
        return Optional.of(this::keys);
    }

    private Stream<Key> keys(Key after) {
        String start = after == null ? null : objectName(after);
        return S3Objects.listing(start, marker -> call("list its objects", () -> objects.page(prefix, marker), List::of))
                .map(object -> LAYOUT.parse(object.key().substring(prefix.length()), algorithm))
                .flatMap(Optional::stream);
    }

    @Override
    public Optional<HashAlgorithm> algorithm() {
        return Optional.ofNullable(configured);
    }

    @Override
    public Reachability reachability() {
        return reachability;
    }

    @Override
    public void close() {
        objects.close();
    }

    @Override
    public String toString() {
        return spec;
    }

    /**
     * Whether S3 answered that it cannot serve now: 500, 502, 503 or 504, or a 404 that names no S3 error (a server
     * shutting down, or a proxy in front of none): a missing object is a 404 with the code NoSuchKey, handled where it
     * is asked; 501 (a feature the server lacks, such as tagging) is an answer, not an outage.
     */
    private static boolean isUnavailable(Throwable t) {
        if (!(t instanceof S3Exception e)) {
            return false;
        }
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return status == 500 || status == 502 || status == 503 || status == 504
               || status == 404 && (code == null || code.isBlank());
    }

    /** A server call: outages as Reachability decides, a refused credential as a clear error without the SDK's text. */
    private <T> T call(String what, Reachability.Call<T> call, java.util.function.Supplier<T> whenDown) {
        return reachability.call(what, () -> {
            try {
                return call.call();
            } catch (S3Exception e) {
                if (e.statusCode() == 401 || e.statusCode() == 403) {
                    String code = e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode();
                    throw new LocationException(name + " refused to " + what + " (status " + e.statusCode() + code
                                                + "): check the access key and secret key, and that they may use this bucket", null);
                }
                throw e;
            }
        }, whenDown);
    }

    /**
     * Compares a value with the stored object, holding the GET that found it: sizes first, then the bytes, streamed.
     * The response is closed, and aborted when it is not read to its end.
     *
     * @throws CollisionException when they differ
     */
    private void checkSame(Key key, Value value, S3Value stored) throws Exception {
        Collisions.check(key, value, stored.size(), stored::open, name);
    }
}
