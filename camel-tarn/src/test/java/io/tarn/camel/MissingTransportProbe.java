package io.tarn.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Builds a spec in a fresh CamelContext and says what happened, as text (the caller runs it in a class loader of its
 * own, whose exception classes are not its).
 */
public final class MissingTransportProbe {
    private MissingTransportProbe() {
    }

    public static String build(String spec) {
        try (CamelContext camel = new DefaultCamelContext()) {
            TarnComponent tarn = new TarnComponent();
            camel.addComponent("tarn", tarn);
            camel.start();
            tarn.parseSpec(spec).close();
            return "built";
        } catch (Throwable t) {
            return t.getClass().getName() + ": " + t.getMessage();
        }
    }
}
