package io.tarn.examples.etl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import io.tarn.camel.TarnConstants;
import io.tarn.camel.memo.Memoize;
import io.tarn.examples.etl.steps.Work;
import io.tarn.lake.Lake;

/**
 * parse -> normalise -> aggregate, each step memoized in the lake. One {@link #run} is one start of the app: a fresh
 * CamelContext, so nothing is remembered in memory between runs; only the lake remembers.
 */
public final class Pipeline {
    public static final List<String> STEPS = List.of("parse", "normalise", "aggregate");

    /**
     * What one run did: per input file, per step, whether the step's code ran (false: its result came from the lake);
     * and how many times a step's expensive part ({@link Work}) ran in all.
     */
    public record Run(Map<String, Map<String, Boolean>> ran, Map<String, String> outputs, long millis, long work) {
    }

    private Pipeline() {
    }

    public static Run run(Lake lake, Processor parse, Processor normalise, Processor aggregate, List<Path> inputs)
            throws Exception {
        List<Processor> steps = List.of(parse, normalise, aggregate);
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                var route = from("direct:etl");
                for (int i = 0; i < steps.size(); i++) {
                    String step = STEPS.get(i);
                    route.process(Memoize.of(lake, steps.get(i)))
                            .process(exchange -> record(exchange, step));
                }
            }
        });
        context.start();
        try {
            long start = System.nanoTime();
            long workBefore = Work.done();
            Map<String, Map<String, Boolean>> ran = new LinkedHashMap<>();
            Map<String, String> outputs = new LinkedHashMap<>();
            for (Path input : inputs) {
                Exchange done = context.createProducerTemplate().request("direct:etl",
                        e -> e.getIn().setBody(Files.readString(input)));
                if (done.getException() != null) {
                    throw done.getException();
                }
                ran.put(input.getFileName().toString(), done.getProperty("ran", Map.class));
                outputs.put(input.getFileName().toString(), done.getMessage().getBody(String.class));
            }
            return new Run(ran, outputs, (System.nanoTime() - start) / 1_000_000, Work.done() - workBefore);
        } finally {
            context.stop();
        }
    }

    @SuppressWarnings("unchecked")
    private static void record(Exchange exchange, String step) {
        Map<String, Boolean> ran = exchange.getProperty("ran", Map.class);
        if (ran == null) {
            ran = new LinkedHashMap<>();
            exchange.setProperty("ran", ran);
        }
        ran.put(step, !exchange.getMessage().getHeader(TarnConstants.MEMO_HIT, Boolean.class));
    }

    /** "parse ran, normalise hit, ..." */
    public static String describe(Map<String, Boolean> ran) {
        List<String> parts = new ArrayList<>();
        ran.forEach((step, didRun) -> parts.add(step + (didRun ? " RAN" : " hit")));
        return String.join(", ", parts);
    }
}
