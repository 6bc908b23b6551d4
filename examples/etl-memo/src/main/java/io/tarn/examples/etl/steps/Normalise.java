package io.tarn.examples.etl.steps;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Version 1: product names trimmed and lower-cased, amounts with two decimals. */
public class Normalise implements Processor {
    @Override
    public void process(Exchange exchange) {
        Work.simulate();
        String records = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(records.lines().map(line -> {
            String[] field = line.split("\t", -1);
            String product = field[1].trim().toLowerCase(Locale.ROOT);
            BigDecimal amount = new BigDecimal(field[2].trim()).setScale(2, RoundingMode.HALF_UP);
            return field[0].trim() + "\t" + product + "\t" + amount;
        }).collect(Collectors.joining("\n", "", "\n")));
    }
}
