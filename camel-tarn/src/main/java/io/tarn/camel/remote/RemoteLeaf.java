package io.tarn.camel.remote;

import java.util.Set;

import io.tarn.spec.LeafFactory;
import org.apache.camel.CamelContext;

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
}
