package io.tarn.examples;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The expensive step of the example: its bytecode is part of the memo key, so a change to it recomputes. */
public class CountLines implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(exchange.getMessage().getBody(String.class).lines().count() + " lines");
    }
}
