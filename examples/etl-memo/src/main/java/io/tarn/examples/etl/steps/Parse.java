package io.tarn.examples.etl.steps;

import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** CSV with a header line to tab-separated records (region, product, amount), blank lines dropped. */
public class Parse implements Processor {
    @Override
    public void process(Exchange exchange) {
        Work.simulate();
        String csv = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(csv.lines().skip(1).filter(line -> !line.isBlank())
                .map(line -> String.join("\t", line.split(",", -1)))
                .collect(Collectors.joining("\n", "", "\n")));
    }
}
