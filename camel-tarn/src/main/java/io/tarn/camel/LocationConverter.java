package io.tarn.camel;

import io.tarn.location.Location;
import org.apache.camel.CamelContext;
import org.apache.camel.Converter;

/**
 * Turns a location spec into the tree it describes, so that options typed {@link Location} ({@code location},
 * {@code memoIndex}) take a spec as well as a {@code #bean}. The tree is built by the context's {@code tarn} component,
 * so that every option naming the same spec shares one tree, and the component closes it when it stops.
 */
@Converter(generateLoader = true)
public final class LocationConverter {

    private LocationConverter() {
    }

    @Converter
    public static Location toLocation(String spec, CamelContext context) {
        return context.getComponent("tarn", TarnComponent.class).parseSpec(spec);
    }
}
