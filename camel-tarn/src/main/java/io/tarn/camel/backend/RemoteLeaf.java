package io.tarn.camel.backend;

import java.util.Set;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;

import io.tarn.location.Location;
import io.tarn.spec.LeafFactory;

/** The spec leaves of one backend, made in the Camel context whose components are its transports. */
public abstract class RemoteLeaf implements LeafFactory {
    protected final CamelContext camel;
    private final Set<String> schemes;

    protected RemoteLeaf(CamelContext camel, String... schemes) {
        this.camel = camel;
        this.schemes = Set.of(schemes);
    }

    @Override
    public final Set<String> schemes() {
        return schemes;
    }

    /** Refuses the leaf, naming the dependency to add, when its transport is not on the class path; else reads it. */
    @Override
    public final Supplier<Location> parse(String leaf) {
        int colon = leaf.indexOf(':');
        Transport transport = Transport.BY_SCHEME.get(colon < 0 ? leaf : leaf.substring(0, colon));
        if (transport != null) {
            transport.require(leaf, getClass().getClassLoader());
        }
        return parseLeaf(leaf);
    }

    /** Checks the leaf's text and returns what makes its location (see {@link LeafFactory#parse}). */
    protected abstract Supplier<Location> parseLeaf(String leaf);
}
