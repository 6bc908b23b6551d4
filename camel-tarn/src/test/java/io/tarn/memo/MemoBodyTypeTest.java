package io.tarn.memo;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.converter.stream.InputStreamCache;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import io.tarn.Value;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.backend.memory.CaffeineLocation;
import io.tarn.camel.body.LakeBodies;
import io.tarn.camel.memo.Memoize;
import io.tarn.lake.Lake;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/** The step after a memoized step sees the same body type on a miss and on a hit. */
class MemoBodyTypeTest extends MemoTestSupport {

    /** What the next step saw: the body's exact class and its content as text. */
    record Seen(Class<?> type, String content, boolean hit) {
    }

    /** Records what the next step sees, reading the body the way a step of that type would. */
    static final class NextStep implements Processor {
        final List<Seen> seen = new ArrayList<>();

        @Override
        public void process(Exchange exchange) throws Exception {
            Object body = exchange.getMessage().getBody();
            String content;
            if (body instanceof InputStream stream) {
                content = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                stream.close();
            } else if (body instanceof File file) {
                content = Files.readString(file.toPath());
            } else if (body instanceof byte[] bytes) {
                content = new String(bytes, StandardCharsets.UTF_8);
            } else {
                content = exchange.getMessage().getBody(String.class);
            }
            seen.add(new Seen(body.getClass(), content, exchange.getMessage().getHeader(TarnConstants.MEMO_HIT, Boolean.class)));
        }
    }

    /** Upper-cases the input into an output of one type. */
    static final class Output implements Processor {
        static final AtomicInteger FILES = new AtomicInteger();
        final String kind;
        final Path folder;

        Output(String kind, Path folder) {
            this.kind = kind;
            this.folder = folder;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            String text = exchange.getMessage().getBody(String.class).toUpperCase();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getMessage().setBody(switch (kind) {
                case "String" -> text;
                case "byte[]" -> bytes;
                case "InputStream" -> new ByteArrayInputStream(bytes);
                case "File" -> Files.write(folder.resolve("out-" + FILES.incrementAndGet()), bytes).toFile();
                default -> throw new IllegalArgumentException(kind);
            });
        }
    }

    private List<Seen> missThenHit(String kind) throws Exception {
        NextStep next = new NextStep();
        ProducerTemplate template = context(Memoize.of(lake(), new Output(kind, Files.createDirectories(tmp.resolve("out")))), next);
        send(template, "hello " + kind, Map.of());
        send(template, "hello " + kind, Map.of());
        return next.seen;
    }

    private void assertSameOnMissAndHit(String kind, Class<?> type) throws Exception {
        List<Seen> seen = missThenHit(kind);
        String content = "HELLO " + kind.toUpperCase();
        assertThat(seen).as(kind).containsExactly(new Seen(type, content, false), new Seen(type, content, true));
    }

    @Test
    void aStringOutputIsAStringOnAHit() throws Exception {
        assertSameOnMissAndHit("String", String.class);
    }

    @Test
    void aByteArrayOutputIsAByteArrayOnAHit() throws Exception {
        assertSameOnMissAndHit("byte[]", byte[].class);
    }

    @Test
    void aStreamOutputIsAStreamOfOneClassOnAMissAndAHit() throws Exception {
        // Camel caches a stream body before each step by default: on a miss as on a hit, the next step reads its cache
        assertSameOnMissAndHit("InputStream", InputStreamCache.class);

        // without stream caching: the code's stream is drained to store it, so both read the stored value
        NextStep next = new NextStep();
        CamelContext context = new DefaultCamelContext();
        context.setStreamCaching(false);
        Processor memoized = Memoize.of(lake(), new Output("InputStream", tmp));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").process(memoized).process(next);
            }
        });
        ProducerTemplate template = started(context).createProducerTemplate();
        send(template, "uncached", Map.of());
        send(template, "uncached", Map.of());
        Class<?> stored = LakeBodies.stream(Value.of(new byte[0])).getClass();
        assertThat(next.seen).containsExactly(new Seen(stored, "UNCACHED", false), new Seen(stored, "UNCACHED", true));
    }

    @Test
    void aStringKeepsItsCharsetWhateverTheCharsetOfTheHit() throws Exception {
        NextStep next = new NextStep();
        ProducerTemplate template = context(Memoize.of(lake(), e -> e.getMessage().setBody("naïve café")), next);
        template.request("direct:in", e -> {
            e.getIn().setBody("x");
            e.setProperty(Exchange.CHARSET_NAME, "ISO-8859-1");
        });
        template.request("direct:in", e -> e.getIn().setBody("x"));
        assertThat(next.seen).containsExactly(new Seen(String.class, "naïve café", false), new Seen(String.class, "naïve café", true));
    }

    @Test
    void anotherTypeComesBackAsTheNearestTypeCamelMakesFromTheStoredBytes() throws Exception {
        NextStep next = new NextStep();
        ProducerTemplate template = context(Memoize.of(lake(), e -> {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            document.appendChild(document.createElement("done"));
            e.getMessage().setBody(document);
        }), next);
        send(template, "x", Map.of());
        send(template, "x", Map.of());
        assertThat(next.seen).extracting(Seen::hit).containsExactly(false, true);
        assertThat(next.seen).allSatisfy(seen -> assertThat(Document.class).isAssignableFrom(seen.type()));
    }

    @Test
    void anOutputCamelCannotRebuildFromItsBytesIsNotMemoized() throws Exception {
        NextStep next = new NextStep();
        AtomicInteger runs = new AtomicInteger();
        ProducerTemplate template = context(Memoize.of(lake(), e -> {
            runs.incrementAndGet();
            e.getMessage().setBody(new StringBuilder("built"));
        }), next);
        send(template, "x", Map.of());
        send(template, "x", Map.of());
        assertThat(runs).hasValue(2);
        assertThat(next.seen).containsExactly(new Seen(StringBuilder.class, "built", false),
                new Seen(StringBuilder.class, "built", false));
    }

    @Test
    void aFileOutputIsAFileOnAHitTheLakesOwnOrATemporaryOneForTheExchange() throws Exception {
        assertSameOnMissAndHit("File", File.class);
        try (CamelContext camel = new DefaultCamelContext()) {
            // the outputs are read from the memory level: a hit has no file of the lake's own to hand on
            Lake memory = new Lake(Levels.ofLevels(Level.of(new CaffeineLocation(camel, "memo-lake", 1 << 20)).withCache(true),
                    Level.of(DiskLocation.open(tmp.resolve("memo-disk")))));
            List<Path> files = new ArrayList<>();
            NextStep next = new NextStep();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in")
                            .process(Memoize.of(memory, new Output("File", tmp)).index(new CaffeineLocation(camel, "memo-index", 1 << 20)))
                            .process(next)
                            .process(e -> files.add(e.getMessage().getBody(File.class).toPath()));
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            send(template, "hello file", Map.of());
            send(template, "hello file", Map.of());
            assertThat(next.seen).containsExactly(new Seen(File.class, "HELLO FILE", false), new Seen(File.class, "HELLO FILE", true));
            assertThat(files.get(1)).as("the hit's file is a temporary copy, deleted when the exchange is done").doesNotExist();
        }
    }
}
