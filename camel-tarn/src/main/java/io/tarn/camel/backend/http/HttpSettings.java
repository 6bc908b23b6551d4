package io.tarn.camel.backend.http;

import java.time.Duration;
import java.util.Objects;

import io.tarn.camel.backend.Reachability;
import io.tarn.camel.backend.RemoteSettings;

/**
 * How an {@link HttpLocation} reaches a lake served over HTTP; immutable, changed by {@code with…} methods.
 *
 * @param url             the lake's root, http or https, without credentials or query
 * @param endpointOptions more camel-http endpoint options ({@code authMethod=Basic&authUsername=...}), or null; they
 *                        may hold secrets, so they appear in no name or message (nor in {@link #toString()})
 */
public record HttpSettings(String url, String endpointOptions, boolean failFast, Duration retryAfter)
        implements RemoteSettings<HttpSettings> {

    public HttpSettings {
        Objects.requireNonNull(url, "url");
        retryAfter = retryAfter == null ? Reachability.RETRY_AFTER : retryAfter;
    }

    /** The lake at {@code url}, with no more endpoint options, outages as misses, retried after 2 s. */
    public static HttpSettings of(String url) {
        return new HttpSettings(url, null, false, null);
    }

    public HttpSettings withEndpointOptions(String value) {
        return new HttpSettings(url, value, failFast, retryAfter);
    }

    @Override
    public HttpSettings withFailFast(boolean value) {
        return new HttpSettings(url, endpointOptions, value, retryAfter);
    }

    @Override
    public HttpSettings withRetryAfter(Duration value) {
        return new HttpSettings(url, endpointOptions, failFast, value);
    }

    @Override
    public String toString() {
        return "HttpSettings[" + url + (endpointOptions == null ? "" : " with endpoint options") + ", failFast="
               + failFast + ", retryAfter=" + retryAfter + "]";
    }
}
