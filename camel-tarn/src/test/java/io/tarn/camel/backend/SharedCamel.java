package io.tarn.camel.backend;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * One started CamelContext for the remote location tests of this JVM, as an application has one: locations only reach
 * their transports' producers through it, and starting a context per test would cost more than the tests.
 */
public final class SharedCamel {
    private static final CamelContext CONTEXT = start();

    private SharedCamel() {
    }

    public static CamelContext context() {
        return CONTEXT;
    }

    private static CamelContext start() {
        CamelContext context = new DefaultCamelContext();
        context.start();
        Runtime.getRuntime().addShutdownHook(new Thread(context::stop, "stop-test-camel"));
        return context;
    }
}
