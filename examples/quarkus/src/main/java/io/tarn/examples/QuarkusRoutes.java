package io.tarn.examples;

import org.apache.camel.builder.RouteBuilder;

/**
 * Every file of the samples folder into the lake {@code archive}, read back by its key, then a memoized step (a line
 * count, run once per content and code: later runs take it from the lake), whose result goes into the lake
 * {@code counts}. Both lakes are where application.properties puts them; Camel Quarkus finds this class by itself.
 */
public class QuarkusRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("file:{{example.samples}}?noop=true").routeId("ingest")
                .to("tarn:archive")
                .log("stored ${header.CamelFileName} as ${header.CamelTarnKey}")
                .to("tarn:archive?operation=read")
                .log("read back ${header.CamelTarnKey}")
                .to("tarn:archive?operation=memo&memoRoute=direct:count-lines")
                .to("tarn:counts")
                .log("${header.CamelFileName}: ${body} (memo hit: ${header.CamelTarnMemoHit}), stored as ${header.CamelTarnKey}");

        from("direct:count-lines").routeId("count-lines")
                .process(new CountLines());
    }
}
