package io.tarn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.tarn.camel.TarnConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * P4: one exchange with a 1 KiB body through a sub-route memoized by {@code tarn:...?operation=memo} (always a hit
 * after the first call), against the same sub-route called without memo. The difference is what memo adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemoBenchmarks {
    private Path work;
    private CamelContext camel;
    private ProducerTemplate template;
    private final byte[] body = Measure.value(2, 0, LakeBenchmarks.SIZE);

    /**
     * P4's routes: {@code direct:plain} runs the step, {@code direct:memo} runs it memoized in the lake at {@code lake}
     * (also {@link MemoHit}'s).
     */
    static RouteBuilder routes(Path lake) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:plain").to("direct:work");
                from("direct:memo").to("tarn:lake?root=" + lake + "&operation=memo&memoRoute=direct:work");
                from("direct:work").process(e -> e.getMessage().setBody("length " + e.getMessage().getBody(byte[].class).length));
            }
        };
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        work = Measure.scratch("tarn-jmh-memo-");
        camel = RouteFigures.context();
        camel.addRoutes(routes(work.resolve("lake")));
        camel.start();
        template = camel.createProducerTemplate();
        for (boolean expected : new boolean[] {false, true}) {
            Exchange done = template.request("direct:memo", e -> e.getIn().setBody(body));
            Object hit = done.getMessage().getHeader(TarnConstants.MEMO_HIT);
            if (done.getException() != null || !Boolean.valueOf(expected).equals(hit)) {
                throw new IllegalStateException("memo call " + (expected ? "2 should hit" : "1 should run the code")
                                                + ", got CamelTarnMemoHit=" + hit, done.getException());
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        camel.close();
        Measure.discard(work);
    }

    @Benchmark
    public Object plain() {
        return template.requestBody("direct:plain", body);
    }

    @Benchmark
    public Object memoHit() {
        return template.requestBody("direct:memo", body);
    }
}
