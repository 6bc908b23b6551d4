package io.tarn.camel.backend.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.Value;
import io.tarn.camel.backend.CamelTransport;
import io.tarn.camel.backend.Reachability;
import io.tarn.camel.backend.RemoteLocation;
import io.tarn.format.LakeFormat;
import io.tarn.location.Entry;

/**
 * A tarn disk lake served over HTTP (nginx), read through camel-http; Python tarn's {@code Nginx}. Read-only: writes
 * are declined, delete and touch find nothing. The lake's {@code config.yml} gives the levels, read once on first use
 * (while it cannot be read, every key is a miss and it is asked again later). A key is a GET of the base URL plus its
 * relative path; 404 is a miss; the body is streamed, never held whole. {@link #contents()} walks nginx's
 * {@code autoindex_format json} listings. Keeps no labels and no usage dates.
 */
public final class HttpLocation implements RemoteLocation {
    private static final Logger LOG = LoggerFactory.getLogger(HttpLocation.class);
    private static final String CONFIG = "config.yml";

    private final String base;
    private final CamelTransport http;
    private final Reachability reachability;
    private final AtomicBoolean warnedNoConfig = new AtomicBoolean();
    private final LakeFormat.Once served = new LakeFormat.Once(this::readServed);

    /** A response whose body, when there is one, is open until closed. */
    record Response(int status, long length, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (body != null) {
                body.close();
            }
        }
    }

    /** A 502, 503 or 504: the server (or the proxy in front of it) is not serving now. */
    static final class Unavailable extends IOException {
        Unavailable(String message) {
            super(message);
        }
    }

    public HttpLocation(CamelContext context, HttpSettings settings) {
        String endpointOptions = settings.endpointOptions();
        this.base = checkedBase(settings.url());
        // the body stays the server's stream (no stream cache), statuses come back as values, not exceptions
        String options = "disableStreamCache=true&throwExceptionOnFailure=false&followRedirects=false"
                         + (endpointOptions == null || endpointOptions.isBlank() ? "" : "&" + endpointOptions);
        this.http = CamelTransport.to(context, base + "?" + options);
        this.reachability = new Reachability("http location " + base, settings,
                t -> t instanceof Unavailable || t instanceof NoHttpResponseException
                     || t instanceof ConnectionClosedException);
    }

    private static String checkedBase(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new LocationSpecException("Invalid URL for an http location: " + e.getMessage(), e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
            || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new LocationSpecException("An http location needs the lake's root as http(s)://host[:port]/path, "
                                            + "without query or fragment");
        }
        if (uri.getRawUserInfo() != null) {
            throw new LocationSpecException("Do not put credentials in an http location's URL (" + uri.getHost() + "): "
                                            + "give them as endpoint options (authMethod, authUsername, authPassword)");
        }
        return url.endsWith("/") ? url : url + "/";
    }

    @Override
    public Optional<Value> read(Key key) {
        return reachability.call("read " + key.hex(), () -> {
            Optional<LakeFormat> config = served();
            if (config.isEmpty()) {
                return Optional.<Value>empty();
            }
            String path = config.get().layout().relative(key);
            Response response = get(path, "GET");
            if (isMiss(response, key)) {
                return Optional.<Value>empty();
            }
            return Optional.<Value>of(new HttpValue(this, path, response));
        }, Optional::empty);
    }

    @Override
    public boolean contains(Key key) {
        return reachability.call("look for " + key.hex(), () -> {
            Optional<LakeFormat> config = served();
            if (config.isEmpty()) {
                return false;
            }
            try (Response response = get(config.get().layout().relative(key), "HEAD")) {
                return !isMiss(response, key);
            }
        }, () -> false);
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        return Optional.empty();
    }

    /** It takes no write, so it drops no labels (it reads none either). */
    @Override
    public boolean keepsLabels() {
        return true;
    }

    @Override
    public boolean delete(Key key) {
        return false;
    }

    @Override
    public boolean touch(Key key) {
        return false;
    }

    @Override
    public Stream<Entry> contents() {
        Optional<LakeFormat> config = reachability.<Optional<LakeFormat>>call("read " + CONFIG, this::served, Optional::empty);
        if (config.isEmpty()) {
            return Stream.empty();
        }
        return new NginxListing(this, config.get().layout(), config.get().algorithm()).keys()
                .map(key -> new Entry(key, this));
    }

    /** One folder's listing as nginx's JSON text, or empty when the folder is gone (or the server away). */
    Optional<String> listing(String folder) {
        return reachability.call("list " + base + folder, () -> {
            try (Response response = get(folder, "GET")) {
                if (response.status() == 404) {
                    return Optional.<String>empty();
                }
                checkOk(response, "list the folder '" + folder + "'");
                return Optional.of(new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
        }, Optional::empty);
    }

    @Override
    public Optional<HashAlgorithm> algorithm() {
        return reachability.<Optional<LakeFormat>>call("read " + CONFIG, this::served, Optional::empty).map(LakeFormat::algorithm);
    }

    /** The served lake's config, read once; empty (and asked again next time) while the server has none. */
    private Optional<LakeFormat> served() throws Exception {
        return served.get();
    }

    private Optional<LakeFormat> readServed() throws Exception {
        try (Response response = get(CONFIG, "GET")) {
            if (response.status() == 404) {
                if (warnedNoConfig.compareAndSet(false, true)) {
                    LOG.warn("{} serves no {}: is it the root of a tarn lake? Every key is a miss until it does.",
                            reachability.location(), CONFIG);
                }
                return Optional.empty();
            }
            checkOk(response, "read " + CONFIG);
            return Optional.of(LakeFormat.read(response.body(), base + CONFIG));
        }
    }

    /** Sends a GET or HEAD for a path under the root; the caller closes the response. */
    Response get(String path, String method) throws Exception {
        Message answer = http.call(request -> {
            request.setHeader(Exchange.HTTP_URI, base + path);
            request.setHeader(Exchange.HTTP_METHOD, method);
        });
        Integer status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Long length = answer.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        Response response = new Response(status == null ? -1 : status, length == null ? -1 : length,
                answer.getBody(InputStream.class));
        if (status != null && status >= 502 && status <= 504) {
            response.close();
            throw new Unavailable(base + path + " answered " + status);
        }
        return response;
    }

    /** 404 and 410 are a miss (and the response is closed); 200 a hit; anything else an error. */
    private boolean isMiss(Response response, Key key) throws IOException {
        if (response.status() == 404 || response.status() == 410) {
            response.close();
            return true;
        }
        checkOk(response, "read key " + key.hex());
        return false;
    }

    private void checkOk(Response response, String what) throws IOException {
        if (response.status() != 200) {
            response.close();
            throw new LocationException(reachability.location() + " could not " + what + ": the server answered "
                                        + response.status() + ". Check that it serves the lake's folder to this client.",
                    null);
        }
    }

    String base() {
        return base;
    }

    @Override
    public Reachability reachability() {
        return reachability;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        // the URL, as a spec writes the leaf (http:http://... did not parse back)
        return base.toString();
    }
}
