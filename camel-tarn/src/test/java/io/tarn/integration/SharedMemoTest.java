package io.tarn.integration;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.memo.Memoize;
import io.tarn.lake.Lake;
import io.tarn.location.Location;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two "machines" (CamelContexts with lakes of their own on separate disks) share memoized results through S3 for the
 * outputs and Redis for the memo index: the second one skips work the first did.
 */
class SharedMemoTest {
    @TempDir
    Path tmp;

    static final AtomicInteger RUNS = new AtomicInteger();

    /** The expensive step. */
    static final class Shout implements Processor {
        @Override
        public void process(Exchange exchange) {
            RUNS.incrementAndGet();
            exchange.getMessage().setBody(exchange.getMessage().getBody(String.class).toUpperCase());
        }
    }

    private Exchange runOn(RealServers servers, String machine) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            TarnComponent tarn = camel.getComponent("tarn", TarnComponent.class);
            camel.start();
            // each machine: a local read cache over the shared S3 bucket (writes go to S3); the index lives in the shared Redis
            Lake lake = new Lake(tarn.parseSpec("levels(level(" + tmp.resolve(machine) + ", write=false), " + servers.s3Leaf() + ")"));
            Location index = tarn.parseSpec(servers.redisLeaf("memo-index:"));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:shout").process(Memoize.of(lake, new Shout()).index(index));
                }
            });
            return camel.createProducerTemplate().request("direct:shout", e -> e.getIn().setBody("shared result"));
        }
    }

    @Test
    void aResultComputedOnOneMachineIsAHitOnAnother() throws Exception {
        try (RealServers servers = new RealServers(tmp.resolve("servers"))) {
            RUNS.set(0);
            Exchange first = runOn(servers, "machine-a");
            assertThat(first.getMessage().getBody(String.class)).isEqualTo("SHARED RESULT");
            assertThat(first.getMessage().getHeader(TarnConstants.MEMO_HIT)).isEqualTo(false);

            Exchange second = runOn(servers, "machine-b");
            assertThat(second.getMessage().getHeader(TarnConstants.MEMO_HIT)).isEqualTo(true);
            assertThat(second.getMessage().getBody(String.class)).isEqualTo("SHARED RESULT");
            assertThat(RUNS.get()).as("the step ran on the first machine only").isEqualTo(1);
        }
    }
}
