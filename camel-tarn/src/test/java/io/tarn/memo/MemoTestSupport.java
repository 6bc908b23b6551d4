package io.tarn.memo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.camel.TarnConstants;
import io.tarn.lake.Lake;

/** Memoized processors in real CamelContexts over a disk lake in a temporary folder; each context stopped after the test. */
abstract class MemoTestSupport {
    @TempDir
    Path tmp;

    private final List<CamelContext> contexts = new ArrayList<>();

    @AfterEach
    void stopContexts() {
        contexts.forEach(CamelContext::stop);
    }

    Lake lake() {
        return Lake.open(tmp.resolve("lake"));
    }

    /** A started context with direct:in -> memoized -> then; returns a template for it. */
    ProducerTemplate context(Processor memoized, Processor then) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").process(memoized).process(then);
            }
        });
        return started(context).createProducerTemplate();
    }

    /** Starts the context; it is stopped after the test. */
    CamelContext started(CamelContext context) {
        context.start();
        contexts.add(context);
        return context;
    }

    ProducerTemplate context(Processor memoized) throws Exception {
        return context(memoized, exchange -> {
        });
    }

    static Exchange send(ProducerTemplate template, Object body, Map<String, Object> headers) {
        return template.request("direct:in", e -> {
            e.getIn().setBody(body);
            e.getIn().setHeaders(new HashMap<>(headers));
        });
    }

    static boolean hit(Exchange exchange) {
        if (exchange.getException() != null) {
            throw new AssertionError("the exchange failed", exchange.getException());
        }
        return exchange.getMessage().getHeader(TarnConstants.MEMO_HIT, Boolean.class);
    }
}
