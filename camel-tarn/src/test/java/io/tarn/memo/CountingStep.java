package io.tarn.memo;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Upper-cases the body, sets header 'length', counts its runs, and takes its time (so that runs overlap). */
public class CountingStep implements Processor {
    final AtomicInteger runs = new AtomicInteger();
    private final long millis;

    public CountingStep(long millis) {
        this.millis = millis;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        runs.incrementAndGet();
        Thread.sleep(millis);
        String body = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setHeader("length", body.length());
        exchange.getMessage().setBody(body.toUpperCase());
    }
}
