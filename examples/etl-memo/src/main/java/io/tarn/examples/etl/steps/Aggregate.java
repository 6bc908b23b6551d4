package io.tarn.examples.etl.steps;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Total amount and count per product, sorted by product. */
public class Aggregate implements Processor {
    @Override
    public void process(Exchange exchange) {
        Work.simulate();
        Map<String, BigDecimal> totals = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        exchange.getMessage().getBody(String.class).lines().forEach(line -> {
            String[] field = line.split("\t", -1);
            totals.merge(field[1], new BigDecimal(field[2]), BigDecimal::add);
            counts.merge(field[1], 1, Integer::sum);
        });
        exchange.getMessage().setBody(totals.entrySet().stream()
                .map(e -> e.getKey() + "\t" + counts.get(e.getKey()) + "\t" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
    }
}
