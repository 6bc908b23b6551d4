package io.tarn.docs;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

import io.tarn.lake.Lake;

/**
 * What a Java snippet of the docs may use without declaring it, as a reader takes it from the text around it: the
 * CamelContext ({@code context}, {@code camelContext}), a lake ({@code lake}), the example steps {@code Parse},
 * {@code Score} and {@code MyExpensiveStep}, and the secrets a snippet shows being passed ({@code secret},
 * {@code accessKey}, {@code secretKey}). Each snippet is compiled as the body of {@link #configure()} of a subclass,
 * with the imports it shows and no other (DocSnippetsTest).
 */
public abstract class DocsRouteBuilder extends RouteBuilder {
    protected final CamelContext context;
    protected final CamelContext camelContext;
    protected final Lake lake;
    protected final String secret = "a-secret";
    protected final String accessKey = "an-access-key";
    protected final String secretKey = "a-secret-key";

    protected DocsRouteBuilder(CamelContext context, Path lakeFolder) {
        super(context);
        this.context = context;
        this.camelContext = context;
        this.lake = Lake.open(lakeFolder);
    }

    /** An example step: upper-cases the body. */
    public static class Parse implements Processor {
        @Override
        public void process(Exchange exchange) {
            exchange.getMessage().setBody(exchange.getMessage().getBody(String.class).toUpperCase());
        }
    }

    /** An example step: the body's length, with the model it was scored by. */
    public static class Score implements Processor {
        @Override
        public void process(Exchange exchange) {
            exchange.getMessage().setBody(exchange.getMessage().getHeader("model") + ":"
                                          + exchange.getMessage().getBody(String.class).length());
        }
    }

    /** The step of the smart_cache recipe. */
    public static class MyExpensiveStep extends Parse {
    }

    /** The bean the YAML snippets name {@code scorer}. */
    public static class Scorer {
        public String score(String body) {
            return "scored " + body;
        }
    }
}
