package io.tarn.camel.backend.http;

import java.util.function.Supplier;

import org.apache.camel.CamelContext;

import io.tarn.camel.backend.LeafOptions;
import io.tarn.camel.backend.RemoteLeaf;
import io.tarn.location.Location;

/**
 * The {@code http://} and {@code https://} leaves of a location spec (read-only, nginx autoindex), with
 * {@code ?failFast=true&retryAfter=SECONDS}.
 */
public final class HttpLeaf extends RemoteLeaf {
    public HttpLeaf(CamelContext camel) {
        super(camel, "http", "https");
    }

    @Override
    protected Supplier<Location> parseLeaf(String leaf) {
        // the options of the location follow the URL: http://host/lake/?failFast=true&retryAfter=5
        int query = leaf.indexOf('?');
        String url = query < 0 ? leaf : leaf.substring(0, query);
        if (query < 0) {
            return () -> new HttpLocation(camel, HttpSettings.of(url));
        }
        String scheme = url.substring(0, url.indexOf(':'));
        LeafOptions p = LeafOptions.of(leaf, scheme, LeafOptions.REMOTE, "host");
        HttpSettings settings = p.remote(HttpSettings.of(url));
        return () -> new HttpLocation(camel, settings);
    }
}
