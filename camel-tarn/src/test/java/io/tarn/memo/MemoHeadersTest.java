package io.tarn.memo;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import io.tarn.camel.memo.Memoize;

/** Selected headers are keyed by content and type: distinct values never share a memo key. */
class MemoHeadersTest extends MemoTestSupport {

    /** Writes what it sees of header 'sig' into the body: absent, null, or its type and content. */
    static final class ShowSig implements Processor {
        static final AtomicInteger RUNS = new AtomicInteger();

        @Override
        public void process(Exchange exchange) throws Exception {
            RUNS.incrementAndGet();
            Message message = exchange.getMessage();
            Object sig = message.getHeader("sig");
            String seen;
            if (!message.getHeaders().containsKey("sig")) {
                seen = "absent";
            } else if (sig == null) {
                seen = "null";
            } else if (sig instanceof byte[] bytes) {
                seen = "bytes " + HexFormat.of().formatHex(bytes);
            } else if (sig instanceof InputStream stream) {
                seen = "stream " + new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } else if (sig instanceof File file) {
                seen = "file " + Files.readString(file.toPath());
            } else {
                seen = sig.getClass().getSimpleName() + " " + sig;
            }
            message.setBody(seen);
        }
    }

    private ProducerTemplate memoized() throws Exception {
        ShowSig.RUNS.set(0);
        return context(Memoize.of(lake(), new ShowSig()).headers("sig"));
    }

    private static Exchange sendSig(ProducerTemplate template, Object sig) {
        return template.request("direct:in", e -> {
            e.getIn().setBody("input");
            e.getIn().setHeader("sig", sig);
        });
    }

    private static String body(Exchange exchange) {
        return exchange.getMessage().getBody(String.class);
    }

    @Test
    void byteArraysAreKeyedByTheirBytes() throws Exception {
        ProducerTemplate template = memoized();
        Exchange ff = sendSig(template, new byte[] { (byte) 0xff });
        Exchange fe = sendSig(template, new byte[] { (byte) 0xfe });
        assertThat(hit(ff)).isFalse();
        assertThat(hit(fe)).as("0xfe after 0xff").isFalse();
        assertThat(body(fe)).isEqualTo("bytes fe");
        Exchange again = sendSig(template, new byte[] { (byte) 0xfe });
        assertThat(hit(again)).as("another array with the same bytes").isTrue();
        assertThat(body(again)).isEqualTo("bytes fe");
        assertThat(ShowSig.RUNS).hasValue(2);
    }

    @Test
    void valuesAreKeyedByTypeAndContent() throws Exception {
        ProducerTemplate template = memoized();
        List<Object> distinct = List.of("1", 1, 1L, (short) 1, 1.0, true, "true", List.of(1, 2), List.of(2, 1),
                List.of("1", "2"), Map.of("a", 1), Map.of("a", 2), Thread.State.NEW);
        for (Object sig : distinct) {
            Exchange exchange = sendSig(template, sig);
            assertThat(hit(exchange)).as("%s %s", sig.getClass().getSimpleName(), sig).isFalse();
            assertThat(body(exchange)).isEqualTo(sig.getClass().getSimpleName() + " " + sig);
        }
        // the same contents in other instances (and other collection classes) are the same values
        for (Object sig : List.of("1", 1, 1L, new java.util.ArrayList<>(List.of(1, 2)), new java.util.TreeMap<>(Map.of("a", 1)))) {
            assertThat(hit(sendSig(template, sig))).as("%s again", sig).isTrue();
        }
        assertThat(ShowSig.RUNS).hasValue(distinct.size());
    }

    @Test
    void aMissingHeaderIsNotANullHeader() throws Exception {
        ProducerTemplate template = memoized();
        Exchange absent = template.request("direct:in", e -> e.getIn().setBody("input"));
        Exchange empty = sendSig(template, null);
        assertThat(hit(absent)).isFalse();
        assertThat(hit(empty)).as("null after absent").isFalse();
        assertThat(body(empty)).isEqualTo("null");
        assertThat(hit(template.request("direct:in", e -> e.getIn().setBody("input")))).isTrue();
        assertThat(hit(sendSig(template, null))).isTrue();
    }

    @Test
    void streamAndFileHeadersAreKeyedByContentAndTheCodeStillReadsThem() throws Exception {
        ProducerTemplate template = memoized();
        Exchange first = sendSig(template, stream("one"));
        assertThat(hit(first)).isFalse();
        assertThat(body(first)).as("the code reads the stream the key was made from").isEqualTo("stream one");
        assertThat(hit(sendSig(template, stream("two")))).isFalse();
        assertThat(hit(sendSig(template, stream("one")))).isTrue();

        Path a = Files.writeString(tmp.resolve("a.txt"), "content");
        Path b = Files.writeString(tmp.resolve("b.txt"), "content");
        Exchange file = sendSig(template, a.toFile());
        assertThat(hit(file)).isFalse();
        assertThat(body(file)).isEqualTo("file content");
        assertThat(hit(sendSig(template, b.toFile()))).as("another file, the same bytes").isTrue();
        Files.writeString(b, "changed");
        assertThat(hit(sendSig(template, b.toFile()))).as("the file's bytes changed").isFalse();
        assertThat(ShowSig.RUNS).hasValue(4);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** No canonical form, no conversion to bytes: only toString(), which would be an identity. */
    static final class Opaque {
    }

    @Test
    void aHeaderThatCannotBecomeBytesFailsTheExchangeNamingIt() throws Exception {
        ProducerTemplate template = memoized();
        Exchange exchange = sendSig(template, new Opaque());
        assertThat(exchange.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sig'").hasMessageContaining(Opaque.class.getName());
        assertThat(ShowSig.RUNS).as("the code did not run").hasValue(0);
    }
}
