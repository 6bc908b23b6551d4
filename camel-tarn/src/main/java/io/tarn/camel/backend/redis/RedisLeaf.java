package io.tarn.camel.backend.redis;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;

import io.tarn.camel.backend.LeafOptions;
import io.tarn.camel.backend.RemoteLeaf;
import io.tarn.location.Location;

/**
 * The {@code redis:} leaf of a location spec:
 * {@code redis:HOST[:PORT]?prefix=lake:&keepLabels=true&keepUsage=true&ttl=3600&password=..&database=0&lockExpiry=300&maxValueSize=..&failFast=true}.
 */
public final class RedisLeaf extends RemoteLeaf {
    public RedisLeaf(CamelContext camel) {
        super(camel, "redis");
    }

    @Override
    protected Supplier<Location> parseLeaf(String leaf) {
        RedisSettings options = settings(leaf);
        return () -> new RedisLocation(camel, options);
    }

    /** A Redis whose keys expire ({@code ttl=}) may drop a value by itself, as {@link RedisLocation} says. */
    @Override
    public boolean mayDropWrites(String leaf) {
        return settings(leaf).ttl() != null;
    }

    private static RedisSettings settings(String leaf) {
        LeafOptions p = LeafOptions.of(leaf, "redis", LeafOptions.remote("prefix", "password", "database", "keepLabels",
                "keepUsage", "ttl", "maxValueSize", "lockExpiry"), "host");
        RedisSettings settings = p.remote(RedisSettings.defaults());
        String[] hostPort = p.path().split(":", 2);
        if (!hostPort[0].isEmpty()) {
            settings = settings.withHost(hostPort[0]);
        }
        if (hostPort.length > 1) {
            settings = settings.withPort(p.integer("port", hostPort[1]));
        }
        settings = p.with("prefix", settings, RedisSettings::withPrefix);
        settings = p.with("password", settings, RedisSettings::withPassword);
        settings = p.with("database", settings, (s, v) -> s.withDatabase(p.integer("database", v)));
        settings = p.with("keepLabels", settings, (s, v) -> s.withKeepLabels(p.bool("keepLabels")));
        settings = p.with("keepUsage", settings, (s, v) -> s.withKeepUsage(p.bool("keepUsage")));
        settings = p.with("ttl", settings, (s, v) -> s.withTtl(Duration.ofSeconds(p.integer("ttl", v))));
        settings = p.with("maxValueSize", settings, (s, v) -> s.withMaxValueSize(p.size("maxValueSize")));
        settings = p.with("lockExpiry", settings, (s, v) -> s.withLockExpiry(Duration.ofSeconds(p.integer("lockExpiry", v))));
        return settings;
    }
}
