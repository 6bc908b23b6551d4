package io.tarn.camel.remote.http;

import java.util.function.Supplier;

import io.tarn.camel.remote.RemoteLeaf;
import io.tarn.location.Location;
import org.apache.camel.CamelContext;

/** The {@code http://} and {@code https://} leaves of a location spec (read-only, nginx autoindex), with {@code ?failFast=true}. */
public final class HttpLeaf extends RemoteLeaf {
    public HttpLeaf(CamelContext camel) {
        super(camel, "http", "https");
    }

    @Override
    public Supplier<Location> parse(String leaf) {
        int query = leaf.indexOf("?failFast=");
        boolean failFast = query >= 0 && Boolean.parseBoolean(leaf.substring(query + "?failFast=".length()));
        String url = query >= 0 ? leaf.substring(0, query) : leaf;
        return () -> new HttpLocation(camel, url, failFast);
    }
}
