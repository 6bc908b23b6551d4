package io.tarn.memo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tarn.Key;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.memo.Memoize;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Memoize processor in real CamelContexts over a disk lake. */
class MemoizeTest extends MemoTestSupport {
    @Test
    void theSecondIdenticalExchangeIsAHitAndSkipsTheCode() throws Exception {
        CountingStep step = new CountingStep(0);
        Memoize memoize = Memoize.of(lake(), step).outputHeaders("length");
        ProducerTemplate template = context(memoize);
        Exchange first = send(template, "hello", Map.of());
        Exchange second = send(template, "hello", Map.of());
        assertThat(step.runs).hasValue(1);
        assertThat(hit(first)).isFalse();
        assertThat(hit(second)).isTrue();
        assertThat(second.getMessage().getBody(String.class)).isEqualTo("HELLO");
        assertThat(second.getMessage().getHeader("length", String.class)).isEqualTo("5");
        assertThat(second.getMessage().getHeader(TarnConstants.MEMO_KEY))
                .isEqualTo(first.getMessage().getHeader(TarnConstants.MEMO_KEY));
        // the index lives beside the lake, in tools/memo
        String memoKey = first.getMessage().getHeader(TarnConstants.MEMO_KEY, String.class);
        Path entry = tmp.resolve("lake/tools/memo").resolve(memoKey.substring(0, 2)).resolve(memoKey.substring(2));
        // with the step that made it and its code, for gc's keepCurrentCodeOnly
        assertThat(Files.readString(entry)).isEqualTo("{\"charset\": \"UTF-8\", \"code\": \"" + memoize.fingerprint().digest()
                                                      + "\", \"headers\": {\"length\": \"5\"}, \"output\": \""
                                                      + lake().algorithm().digest("HELLO".getBytes(StandardCharsets.UTF_8)).hex()
                                                      + "\", \"step\": \"" + CountingStep.class.getName()
                                                      + "\", \"type\": \"java.lang.String\"}");
    }

    @Test
    void aDifferentInputOrSelectedHeaderMissesAnUnselectedHeaderDoesNot() throws Exception {
        CountingStep step = new CountingStep(0);
        ProducerTemplate template = context(Memoize.of(lake(), step).headers("region"));
        assertThat(hit(send(template, "hello", Map.of("region", "eu", "trace", "1")))).isFalse();
        assertThat(hit(send(template, "hello", Map.of("region", "us", "trace", "1")))).isFalse();
        assertThat(hit(send(template, "hello", Map.of("region", "eu", "trace", "2")))).isTrue();
        assertThat(hit(send(template, "other", Map.of("region", "eu")))).isFalse();
        assertThat(step.runs).hasValue(3);
    }

    @Test
    void aBodyOfAnotherTypeThanBytesCountsWithItsType() throws Exception {
        CountingStep step = new CountingStep(0);
        ProducerTemplate template = context(Memoize.of(lake(), step));
        assertThat(hit(send(template, "abc", Map.of()))).isFalse();
        assertThat(hit(send(template, "abc".getBytes(StandardCharsets.UTF_8), Map.of()))).as("the same bytes").isTrue();
        Exchange builder = send(template, new StringBuilder("abc"), Map.of());
        assertThat(hit(builder)).as("a StringBuilder, which Camel streams as the same bytes").isFalse();
        assertThat(builder.getMessage().getBody(String.class)).isEqualTo("ABC");
        assertThat(step.runs).hasValue(2);
    }

    @Test
    void aSecondCamelContextOnTheSameLakeHits() throws Exception {
        CountingStep first = new CountingStep(0);
        CountingStep second = new CountingStep(0);
        send(context(Memoize.of(lake(), first)), "hello", Map.of());
        Exchange again = send(context(Memoize.of(lake(), second)), "hello", Map.of());
        assertThat(hit(again)).isTrue();
        assertThat(again.getMessage().getBody(String.class)).isEqualTo("HELLO");
        assertThat(first.runs).hasValue(1);
        assertThat(second.runs).hasValue(0);
    }

    @Test
    void eightConcurrentIdenticalExchangesRunTheCodeOnce() throws Exception {
        CountingStep step = new CountingStep(300);
        ProducerTemplate template = context(Memoize.of(lake(), step));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Exchange>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return send(template, "same", Map.of());
                }));
            }
            go.countDown();
            int hits = 0;
            for (Future<Exchange> result : results) {
                Exchange exchange = result.get();
                assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("SAME");
                hits += hit(exchange) ? 1 : 0;
            }
            assertThat(step.runs).hasValue(1);
            assertThat(hits).isEqualTo(7);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStreamBodyIsStoredOnceAndStillReachesTheCode() throws Exception {
        CountingStep step = new CountingStep(0);
        ProducerTemplate template = context(Memoize.of(lake(), step));
        byte[] bytes = "streamed".getBytes(StandardCharsets.UTF_8);
        Exchange first = template.request("direct:in", e -> e.getIn().setBody(new ByteArrayInputStream(bytes)));
        Exchange second = template.request("direct:in", e -> e.getIn().setBody(new ByteArrayInputStream(bytes)));
        assertThat(first.getMessage().getBody(String.class)).isEqualTo("STREAMED");
        assertThat(hit(second)).isTrue();
        assertThat(lake().contains(lake().algorithm().digest(bytes))).isTrue();
    }

    @Test
    void anOutputGoneFromTheLakeIsComputedAgain() throws Exception {
        CountingStep step = new CountingStep(0);
        ProducerTemplate template = context(Memoize.of(lake(), step));
        send(template, "hello", Map.of());
        Key output = lake().algorithm().digest("HELLO".getBytes(StandardCharsets.UTF_8));
        assertThat(lake().delete(output)).isTrue();
        Exchange again = send(template, "hello", Map.of());
        assertThat(hit(again)).isFalse();
        assertThat(again.getMessage().getBody(String.class)).isEqualTo("HELLO");
        assertThat(step.runs).hasValue(2);
        assertThat(hit(send(template, "hello", Map.of()))).isTrue();
    }

    @Test
    void aFailureIsNotMemoized() throws Exception {
        int[] calls = { 0 };
        Processor failing = e -> {
            calls[0]++;
            throw new IllegalStateException("boom");
        };
        ProducerTemplate template = context(Memoize.of(lake(), failing));
        assertThat(send(template, "x", Map.of()).getException()).hasMessageContaining("boom");
        assertThat(send(template, "x", Map.of()).getException()).hasMessageContaining("boom");
        assertThat(calls[0]).isEqualTo(2);
    }

    private static final String STEP = """
            package demo;
            public class Upper implements org.apache.camel.Processor {
                public void process(org.apache.camel.Exchange exchange) {
                    exchange.getMessage().setBody(exchange.getMessage().getBody(String.class)%s);
                }
            }
            """;

    private Processor compiled(String version, String expression) throws Exception {
        ClassLoader loader = TestCompiler.compile(tmp.resolve(version), Map.of("demo.Upper", STEP.formatted(expression)));
        return (Processor) loader.loadClass("demo.Upper").getConstructor().newInstance();
    }

    @Test
    void aCodeChangeMissesACommentChangeHits() throws Exception {
        assertThat(hit(send(context(Memoize.of(lake(), compiled("v1", ".toUpperCase()"))), "abc", Map.of()))).isFalse();
        Exchange comment = send(context(Memoize.of(lake(), compiled("v1b", "\n  // upper case\n  .toUpperCase()"))), "abc", Map.of());
        assertThat(hit(comment)).isTrue();
        Exchange changed = send(context(Memoize.of(lake(), compiled("v2", ".toLowerCase()"))), "abc", Map.of());
        assertThat(hit(changed)).isFalse();
        assertThat(changed.getMessage().getBody(String.class)).isEqualTo("abc");
    }
}
