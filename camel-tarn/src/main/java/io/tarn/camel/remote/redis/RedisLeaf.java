package io.tarn.camel.remote.redis;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import io.tarn.camel.remote.LeafOptions;
import io.tarn.camel.remote.RemoteLeaf;
import io.tarn.location.Location;
import org.apache.camel.CamelContext;

/**
 * The {@code redis:} leaf of a location spec:
 * {@code redis:HOST[:PORT]?prefix=lake:&keepLabels=true&keepUsage=true&ttl=3600&password=..&database=0&lockExpiry=300&maxValueSize=..&failFast=true}.
 */
public final class RedisLeaf extends RemoteLeaf {
    public RedisLeaf(CamelContext camel) {
        super(camel, "redis");
    }

    @Override
    public Supplier<Location> parse(String leaf) {
        LeafOptions p = LeafOptions.of(leaf, "redis", Set.of("prefix", "password", "database", "keepLabels", "keepUsage",
                "ttl", "maxValueSize", "failFast", "retryAfter", "lockExpiry"), "host");
        RedisOptions options = new RedisOptions();
        String[] hostPort = p.path().split(":", 2);
        if (!hostPort[0].isEmpty()) {
            options.host(hostPort[0]);
        }
        if (hostPort.length > 1) {
            options.port(p.integer("port", hostPort[1]));
        }
        p.ifPresent("prefix", options::prefix);
        p.ifPresent("password", options::password);
        p.ifPresent("database", v -> options.database(p.integer("database", v)));
        p.ifPresent("keepLabels", v -> options.keepLabels(p.bool("keepLabels")));
        p.ifPresent("keepUsage", v -> options.keepUsage(p.bool("keepUsage")));
        p.ifPresent("ttl", v -> options.ttl(Duration.ofSeconds(p.integer("ttl", v))));
        p.ifPresent("maxValueSize", v -> options.maxValueSize(p.size("maxValueSize")));
        p.ifPresent("failFast", v -> options.failFast(p.bool("failFast")));
        p.ifPresent("retryAfter", v -> options.retryAfter(p.seconds("retryAfter")));
        p.ifPresent("lockExpiry", v -> options.lockExpiry(Duration.ofSeconds(p.integer("lockExpiry", v))));
        return () -> new RedisLocation(camel, options);
    }
}
