package io.tarn.camel.metrics;

import java.nio.file.Path;
import java.util.Arrays;

import io.tarn.camel.TarnConstants;
import io.tarn.camel.observe.ManagedLakes;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Run by {@link NoMicrometerTest} in a JVM whose class path has no Micrometer: writes and reads through a tarn
 * endpoint, reads the lake's counts over JMX, and prints them.
 */
public final class NoMicrometerMain {
    private NoMicrometerMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry");
            throw new IllegalStateException("Micrometer is on the class path: the test would prove nothing");
        } catch (ClassNotFoundException expected) {
            // as intended
        }
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            String uri = "tarn:plain?root=" + Path.of(args[0]);
            String key = template.request(uri + "&operation=write", e -> e.getIn().setBody("hello".getBytes()))
                    .getMessage().getHeader(TarnConstants.KEY, String.class);
            byte[] read = template.requestBodyAndHeader(uri + "&operation=read", null, TarnConstants.KEY, key, byte[].class);
            Object hits = context.getManagementStrategy().getManagementAgent().getMBeanServer()
                    .getAttribute(ManagedLakes.objectName(context, "plain"), "ReadHits");
            System.out.println("micrometer=" + Micrometer.isPresent() + " read=" + new String(read) + " hits=" + hits
                               + " args=" + Arrays.toString(args));
        }
    }
}
