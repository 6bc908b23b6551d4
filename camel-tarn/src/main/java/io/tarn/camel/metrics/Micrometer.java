package io.tarn.camel.metrics;

import java.util.Optional;

import io.tarn.camel.observe.ObservedLakes;
import org.apache.camel.CamelContext;

/**
 * Whether Micrometer is on the class path, asked without loading it: the component calls {@link #meters} and gets
 * nothing, at no cost, when Micrometer is absent or no MeterRegistry is in the registry (or the Spring context).
 */
public final class Micrometer {
    private static final boolean PRESENT = present();

    private Micrometer() {
    }

    private static boolean present() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, Micrometer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    public static boolean isPresent() {
        return PRESENT;
    }

    /** Meters for the lakes, when Micrometer is present and the context has a MeterRegistry. */
    public static Optional<ObservedLakes.Observer> meters(CamelContext context) {
        return PRESENT ? TarnMeters.of(context) : Optional.empty();
    }
}
