package io.tarn.camel.backend.s3;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.aws2.s3.AWS2S3Operations;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

import io.tarn.BoundedRead;
import io.tarn.Value;
import io.tarn.camel.backend.CamelTransport;

/**
 * The objects of one bucket, reached through camel-aws2-s3 producers: every request is an exchange sent to an
 * {@code aws2-s3://bucket} endpoint. Two endpoints share one {@link S3Client}: one takes its parameters from headers
 * (uploads, gets, heads, deletes), the other takes SDK request objects ({@code pojoRequest=true}) because the
 * header-driven listObjects returns a single page and cannot page on. The endpoints are private to this object (not
 * registered in the CamelContext) and start on first use, so a location can be created while the server is down.
 * Uploads always carry their length, so the producer streams them (in parts above {@code partSize}) instead of
 * reading them into memory; a large value held in a file goes up in parallel parts through the same client instead
 * ({@link S3Parts}), as camel-aws2-s3 4.17 sends parts one after another. SDK exceptions pass through unchanged: the caller decides what an outage is.
 */
final class S3Objects implements AutoCloseable {
    /** S3's largest listing page. */
    static final int PAGE = 1000;

    private final String bucket;
    private final int page;
    private final CamelTransport headers;
    private final CamelTransport requests;
    private final S3Client ownedClient;
    private final S3Parts parts;

    /**
     * @param ownedClient the client to close with this object, or null when the user owns it
     */
    S3Objects(CamelContext camel, String bucket, S3Client client, S3Client ownedClient, long partSize, int page) {
        this.bucket = bucket;
        this.page = page;
        this.ownedClient = ownedClient;
        this.parts = new S3Parts(client, bucket, partSize);
        try {
            var component = camel.getComponent("aws2-s3", true);
            Map<String, Object> common = new HashMap<>();
            common.put("amazonS3Client", client);
            common.put("multiPartUpload", true);
            common.put("partSize", partSize);
            common.put("autoCreateBucket", false);
            this.headers = CamelTransport.over(camel, component.createEndpoint("aws2-s3://" + bucket, new HashMap<>(common)));
            common.put("pojoRequest", true);
            this.requests = CamelTransport.over(camel, component.createEndpoint("aws2-s3://" + bucket + "?pojoRequest=true",
                    common));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the camel-aws2-s3 endpoints for bucket " + bucket
                                            + ": is camel-aws2-s3 on the classpath? " + e.getMessage(), e);
        }
    }

    private Message send(boolean pojo, AWS2S3Operations operation, String name, Object body) throws Exception {
        return (pojo ? requests : headers).call(message -> {
            if (operation != null) {
                message.setHeader(AWS2S3Constants.S3_OPERATION, operation);
            }
            if (name != null) {
                // 4.17.0 reads the key header of some operations even when it takes a request object
                message.setHeader(AWS2S3Constants.KEY, name);
            }
            message.setBody(body);
        });
    }

    /** The object's content as a stream to close (or abort), or empty when there is no such object. */
    @SuppressWarnings("unchecked")
    Optional<ResponseInputStream<GetObjectResponse>> get(String name) throws Exception {
        try {
            GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(name).build();
            Object body = send(true, AWS2S3Operations.getObject, name, request).getBody();
            return Optional.of((ResponseInputStream<GetObjectResponse>) body);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** A small object's bytes (a sidecar), refusing anything above {@code limit} bytes. */
    Optional<byte[]> getSmall(String name, int limit) throws Exception {
        Optional<ResponseInputStream<GetObjectResponse>> found = get(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try (ResponseInputStream<GetObjectResponse> in = found.get()) {
            byte[] bytes = BoundedRead.small(in, limit);
            if (bytes == null) {
                in.abort();
                throw new IOException("object " + name + " is larger than " + limit + " bytes");
            }
            return Optional.of(bytes);
        }
    }

    Optional<HeadObjectResponse> head(String name) throws Exception {
        try {
            return Optional.of(send(false, AWS2S3Operations.headObject, name, null)
                    .getBody(HeadObjectResponse.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Uploads a value of known size, streamed: a file above partSize in parallel parts ({@link S3Parts}), anything
     * else through camel-aws2-s3 (in parts, one after another, when it is at least partSize long).
     */
    void upload(String name, Value value, long size) throws Exception {
        Optional<Path> local = value.file();
        if (local.isPresent() && parts.inParts(size)) {
            parts.upload(name, local.get(), size);
            return;
        }
        Optional<File> file = local.map(Path::toFile);
        Object body = file.isPresent() ? file.get() : value.open();
        try {
            headers.call(message -> {
                message.setHeader(AWS2S3Constants.KEY, name);
                message.setHeader(AWS2S3Constants.CONTENT_LENGTH, size);
                message.setBody(body);
            });
        } finally {
            if (body instanceof InputStream in) {
                in.close();
            }
        }
    }

    void putSmall(String name, byte[] bytes) throws Exception {
        upload(name, Value.of(bytes), bytes.length);
    }

    /** Deletes the object; S3 answers the same whether or not it existed. */
    void delete(String name) throws Exception {
        send(false, AWS2S3Operations.deleteObject, name, null);
    }

    /**
     * One page of the objects whose names start with {@code prefix}, after {@code marker} (null: from the start), in
     * name order. Camel's listObjects result is the page's objects only (no truncation flag, no next marker).
     */
    @SuppressWarnings("unchecked")
    List<S3Object> page(String prefix, String marker) throws Exception {
        ListObjectsRequest.Builder request = ListObjectsRequest.builder().bucket(bucket).maxKeys(page);
        if (!prefix.isEmpty()) {
            request.prefix(prefix);
        }
        if (marker != null) {
            request.marker(marker);
        }
        return (List<S3Object>) send(true, AWS2S3Operations.listObjects, null, request.build()).getBody();
    }

    /**
     * Every object after {@code start} (null: every object), page after page: {@code fetch} gets the marker (the last
     * name seen, {@code start} at first) and gives the next page. Camel's v1 listing has no truncation flag, so the
     * listing ends with the first empty page.
     */
    static Stream<S3Object> listing(String start, Function<String, List<S3Object>> fetch) {
        Iterator<List<S3Object>> pages = new Iterator<>() {
            private String marker = start;
            private List<S3Object> next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    next = fetch.apply(marker);
                    done = next.isEmpty();
                    marker = done ? marker : next.get(next.size() - 1).key();
                }
                return !done;
            }

            @Override
            public List<S3Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<S3Object> page = next;
                next = null;
                return page;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED), false)
                .flatMap(List::stream);
    }

    /** The object's tags; NoSuchKeyException when there is no object. */
    @SuppressWarnings("unchecked")
    Map<String, String> tags(String name) throws Exception {
        GetObjectTaggingRequest request = GetObjectTaggingRequest.builder().bucket(bucket).key(name).build();
        List<Tag> tags = (List<Tag>) send(true, AWS2S3Operations.getObjectTagging, name, request).getBody();
        Map<String, String> map = new HashMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value()));
        return map;
    }

    /** Replaces the object's tags (an empty map is sent too, which the header-driven operation refuses). */
    void putTags(String name, Map<String, String> tags) throws Exception {
        List<Tag> set = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        PutObjectTaggingRequest request = PutObjectTaggingRequest.builder().bucket(bucket).key(name)
                .tagging(Tagging.builder().tagSet(set).build()).build();
        send(true, AWS2S3Operations.putObjectTagging, name, request);
    }

    @Override
    public void close() {
        parts.close();
        requests.close();
        headers.close();
        if (ownedClient != null) {
            ownedClient.close();
        }
    }
}
