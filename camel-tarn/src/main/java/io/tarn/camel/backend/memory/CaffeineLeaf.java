package io.tarn.camel.backend.memory;

import java.util.Set;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;

import io.tarn.LocationSpecException;
import io.tarn.camel.backend.LeafOptions;
import io.tarn.camel.backend.RemoteLeaf;
import io.tarn.location.Location;

/** The {@code caffeine:} leaf of a location spec: {@code caffeine:NAME?maxBytes=256MiB&maxValueBytes=1MiB}. */
public final class CaffeineLeaf extends RemoteLeaf {
    public CaffeineLeaf(CamelContext camel) {
        super(camel, "caffeine");
    }

    @Override
    protected Supplier<Location> parseLeaf(String leaf) {
        LeafOptions p = LeafOptions.of(leaf, "caffeine", Set.of("maxBytes", "maxValueBytes"), "cache name");
        if (!p.has("maxBytes")) {
            throw new LocationSpecException("The caffeine leaf " + p.safe() + " needs maxBytes, e.g. caffeine:hot?maxBytes=256MiB");
        }
        long maxBytes = p.size("maxBytes");
        if (!p.has("maxValueBytes")) {
            return () -> new CaffeineLocation(camel, p.path(), maxBytes);
        }
        long maxValue = p.size("maxValueBytes");
        return () -> new CaffeineLocation(camel, p.path(), maxBytes, maxValue);
    }

    /** An in-memory cache drops values by itself, as {@link CaffeineLocation} says. */
    @Override
    public boolean mayDropWrites(String leaf) {
        return true;
    }
}
