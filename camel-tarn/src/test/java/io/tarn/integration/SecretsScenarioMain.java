package io.tarn.integration;

import java.nio.charset.StandardCharsets;

import io.tarn.camel.TarnConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A child process of {@link SecretsInLogsTest}: runs every producer operation against each location spec given
 * (good credentials, wrong ones, servers down) through tarn: endpoints, and prints what a user would see: the
 * lake's and endpoint's toString, every exception with its stack trace. Its logs (slf4j-simple at debug for
 * io.tarn and Camel) go to the same output, which the test searches for the secrets.
 * <p>
 * Arguments: location specs.
 */
public final class SecretsScenarioMain {
    private static final String[] OPERATIONS = { "write", "read", "contains", "list", "verify", "delete" };

    private SecretsScenarioMain() {
    }

    public static void main(String[] args) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            int lake = 0;
            for (String spec : args) {
                String uri = "tarn:lake" + lake++ + "?location=RAW(" + spec + ")";
                String key = null;
                for (String operation : OPERATIONS) {
                    String current = key;
                    Exchange out = template.request(uri, e -> {
                        e.getIn().setHeader(TarnConstants.OPERATION, operation);
                        e.getIn().setHeader(TarnConstants.KEY, current);
                        e.getIn().setBody("a value for " + operation);
                    });
                    if (out.getException() != null) {
                        System.out.println(operation + " failed:");
                        out.getException().printStackTrace(System.out);
                    } else if (operation.equals("write")) {
                        key = out.getMessage().getHeader(TarnConstants.KEY, String.class);
                    }
                    System.out.println(operation + " -> " + out.getMessage().getHeaders());
                }
                // toString only: getEndpointUri() is the configuration as the user wrote it, secrets included
                camel.getEndpoints().forEach(endpoint -> System.out.println("endpoint " + endpoint));
                if (camel.hasEndpoint(uri) instanceof io.tarn.camel.TarnEndpoint endpoint && endpoint.getLake() != null) {
                    System.out.println("lake " + endpoint.getLake() + " " + endpoint.getLake().location());
                }
            }
        } catch (Throwable e) {
            e.printStackTrace(System.out);
        }
        System.out.flush();
        System.out.println(new String("done".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        System.exit(0);
    }
}
