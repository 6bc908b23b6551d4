package io.tarn.memo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tarn.Key;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.memo.Memoize;
import io.tarn.memo.MissReason.Kind;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each miss says why (CamelTarnMemoMissReason), through real routes over a disk lake; a hit says nothing. */
class MissReasonTest extends MemoTestSupport {
    private final RecentMisses recent = new RecentMisses(10, 10);

    private Memoize memoize(CountingStep step) {
        return Memoize.of(lake(), step).headers("model", "region").recentMisses(recent);
    }

    static String reason(Exchange exchange) {
        hit(exchange);
        return exchange.getMessage().getHeader(TarnConstants.MEMO_MISS_REASON, String.class);
    }

    @Test
    void theFirstRunOfAStepSaysSoAndAHitSaysNothing() throws Exception {
        Memoize memoize = memoize(new CountingStep(0));
        ProducerTemplate template = context(memoize);
        Exchange first = send(template, "hello", Map.of("model", 1));
        assertThat(reason(first)).isEqualTo("first run of this step: no previous run recorded");
        assertThat(Memoize.missReason(first)).hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(Kind.FIRST_RUN));

        Exchange again = send(template, "hello", Map.of("model", 1));
        assertThat(hit(again)).isTrue();
        assertThat(again.getMessage().getHeaders()).doesNotContainKey(TarnConstants.MEMO_MISS_REASON);
        assertThat(Memoize.missReason(again)).isEmpty();

        assertThat(memoize.stepName()).isEqualTo(CountingStep.class.getName());
        assertThat(memoize.lastMisses()).singleElement()
                .satisfies(miss -> assertThat(miss.memoKey()).isEqualTo(first.getMessage().getHeader(TarnConstants.MEMO_KEY)))
                .satisfies(miss -> assertThat(miss.reason().kind()).isEqualTo(Kind.FIRST_RUN));
        assertThat(recent.byStep()).containsOnlyKeys(CountingStep.class.getName());
    }

    @Test
    void anotherInputSaysInputChanged() throws Exception {
        ProducerTemplate template = context(memoize(new CountingStep(0)));
        send(template, "hello", Map.of("model", 1));
        Exchange other = send(template, "world", Map.of("model", 1));
        assertThat(reason(other)).isEqualTo("input changed");
        assertThat(Memoize.missReason(other).orElseThrow().changes()).extracting(MissReason.Change::kind)
                .containsExactly(Kind.INPUT_CHANGED);
    }

    @Test
    void aSelectedHeaderNamesTheHeader() throws Exception {
        ProducerTemplate template = context(memoize(new CountingStep(0)));
        send(template, "hello", Map.of("model", 1, "region", "eu"));
        assertThat(reason(send(template, "hello", Map.of("model", 2, "region", "eu")))).isEqualTo("header changed: model");
        assertThat(reason(send(template, "hello", Map.of("model", 2)))).as("removed").isEqualTo("header changed: region");
        Exchange both = send(template, "bye", Map.of("model", 2L, "region", "us"));
        assertThat(reason(both)).isEqualTo("header changed: model, region; input changed");
        assertThat(Memoize.missReason(both).orElseThrow().what(Kind.HEADER_CHANGED)).containsExactly("model", "region");
    }

    @Test
    void anEvictedOutputSaysSoThenHits() throws Exception {
        ProducerTemplate template = context(memoize(new CountingStep(0)));
        send(template, "hello", Map.of());
        Key output = lake().algorithm().digest("HELLO".getBytes(StandardCharsets.UTF_8));
        assertThat(lake().delete(output)).isTrue();
        Exchange evicted = send(template, "hello", Map.of());
        assertThat(reason(evicted)).isEqualTo("output evicted: the output " + output.hex() + " is gone from the lake");
        assertThat(evicted.getMessage().getBody(String.class)).isEqualTo("HELLO");
        assertThat(hit(send(template, "hello", Map.of()))).isTrue();
    }

    @Test
    void aStepRecordOfAnotherFormatSaysUnknownAndIsReplaced() throws Exception {
        ProducerTemplate template = context(memoize(new CountingStep(0)));
        send(template, "hello", Map.of());
        Path record = indexFile(lake().algorithm().digest(("tarn-memo-step/1\n" + CountingStep.class.getName())
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(record)).startsWith("{\"code\": \"").contains("\"format\": \"tarn-memo-step/1\", \"input\": \"")
                .endsWith("\"selected\": {\"model\": \"absent\", \"region\": \"absent\"}}");
        Files.writeString(record, "{\"format\": \"tarn-memo-step/0\"}");

        // another CamelContext on the same lake: the record in the index is what counts
        ProducerTemplate second = context(memoize(new CountingStep(0)));
        assertThat(reason(send(second, "world", Map.of()))).isEqualTo("unknown: the last run's record is of another format");
        assertThat(reason(send(second, "again", Map.of()))).isEqualTo("input changed");
        Files.writeString(record, "not json {");
        assertThat(reason(send(second, "more", Map.of()))).isEqualTo("unknown: the last run's record is of another format");
        Files.delete(record);
        assertThat(reason(send(context(memoize(new CountingStep(0))), "last", Map.of())))
                .isEqualTo("first run of this step: no previous run recorded");
    }

    /** Upper-cases the body, or fails while told to. */
    public static class FailingStep implements Processor {
        @NotKeyed
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public void process(Exchange exchange) {
            if (failing.get()) {
                throw new IllegalStateException("failing on purpose");
            }
            exchange.getMessage().setBody(exchange.getMessage().getBody(String.class).toUpperCase());
        }
    }

    @Test
    void aFailedRunSaysWhyItRanAndIsNotRecorded() throws Exception {
        FailingStep step = new FailingStep();
        ProducerTemplate template = context(Memoize.of(lake(), step).recentMisses(recent));
        send(template, "hello", Map.of());
        step.failing.set(true);
        Exchange failed = send(template, "again", Map.of());
        assertThat(failed.getException()).hasMessage("failing on purpose");
        assertThat(failed.getMessage().getHeader(TarnConstants.MEMO_MISS_REASON)).isEqualTo("input changed");
        step.failing.set(false);
        assertThat(reason(send(template, "again", Map.of()))).as("compared with hello's run, the failed one not recorded")
                .isEqualTo("input changed");
        assertThat(recent.of(FailingStep.class.getName())).extracting(m -> m.reason().kind())
                .containsExactly(Kind.INPUT_CHANGED, Kind.INPUT_CHANGED, Kind.FIRST_RUN);
    }

    @Test
    void theSameRunAsTheLastWithoutItsEntrySaysUnknown() throws Exception {
        ProducerTemplate template = context(memoize(new CountingStep(0)));
        Exchange first = send(template, "hello", Map.of());
        Files.delete(indexFile(lake().algorithm().parseKey(first.getMessage().getHeader(TarnConstants.MEMO_KEY, String.class))));
        assertThat(reason(send(template, "hello", Map.of()))).startsWith("unknown: the same input, headers and code");
    }

    @Test
    void twoProcessorsOfOneClassNamedApartKeepTheirOwnHistory() throws Exception {
        ProducerTemplate template = context(memoize(new CountingStep(0)).step("a"), memoize(new CountingStep(0)).step("b"));
        send(template, "hello", Map.of());
        Exchange second = send(template, "world", Map.of());
        assertThat(reason(second)).as("the last step's reason").isEqualTo("input changed");
        assertThat(recent.of("a")).extracting(m -> m.reason().text())
                .containsExactly("input changed", "first run of this step: no previous run recorded");
        assertThat(recent.of("b")).hasSize(2);
        assertThat(List.copyOf(recent.byStep().keySet())).containsExactly("a", "b");
    }

    private Path indexFile(Key key) {
        return tmp.resolve("lake/tools/memo").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
    }
}
