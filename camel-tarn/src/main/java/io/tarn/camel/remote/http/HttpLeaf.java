package io.tarn.camel.remote.http;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import io.tarn.camel.remote.LeafOptions;
import io.tarn.camel.remote.Reachability;
import io.tarn.camel.remote.RemoteLeaf;
import io.tarn.location.Location;
import org.apache.camel.CamelContext;

/**
 * The {@code http://} and {@code https://} leaves of a location spec (read-only, nginx autoindex), with
 * {@code ?failFast=true&retryAfter=SECONDS}.
 */
public final class HttpLeaf extends RemoteLeaf {
    public HttpLeaf(CamelContext camel) {
        super(camel, "http", "https");
    }

    @Override
    public Supplier<Location> parse(String leaf) {
        // the options of the location follow the URL: http://host/lake/?failFast=true&retryAfter=5
        int query = leaf.indexOf('?');
        String url = query < 0 ? leaf : leaf.substring(0, query);
        if (query < 0) {
            return () -> new HttpLocation(camel, url, false);
        }
        String scheme = url.substring(0, url.indexOf(':'));
        LeafOptions p = LeafOptions.of(leaf, scheme, Set.of("failFast", "retryAfter"), "host");
        boolean failFast = p.has("failFast") && p.bool("failFast");
        Duration retryAfter = p.has("retryAfter") ? p.seconds("retryAfter") : Reachability.RETRY_AFTER;
        return () -> new HttpLocation(camel, url, null, failFast, retryAfter);
    }
}
