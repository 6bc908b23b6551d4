package io.tarn.camel;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.location.BoundedLevelReaderMain;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.eviction.Capacity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value a route is handed stays readable until its exchange completes, while another JVM evicts from the bounded
 * level it comes from ({@link BoundedLevelReaderMain}, reading through the same tree all the time): the file body of
 * {@code operation=read}, of a memo hit, of a write that hands the stored value on, and of the consumer
 * {@code from("tarn:...")} on the level's own lake. Each route reads its body only after a pause in which the other JVM
 * evicts the level's least recently used values several times over.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EvictedUnderRoutesTest {
    private static final int SIZE = 8 << 10;
    /** 8 values, of which a batch evicts half: the level turns over fast, and has room for this JVM's copies. */
    private static final Capacity CAPACITY = Capacity.ofBytes(64 << 10).withLowWatermark(0.5);
    private static final int VALUES = 120;
    private static final int EXCHANGES = 8;
    /** The most rounds of EXCHANGES exchanges per route (see the test). */
    private static final int MAX_ROUNDS = 5;
    /** How long a route holds its body before it reads it: the other JVM copies up and evicts many values meanwhile. */
    private static final long HOLD_MILLIS = 300;

    @TempDir
    Path tmp;

    private Path ssd;
    private Path hdd;
    private List<Key> keys;
    private BoundedLevelReaderMain.Child child;

    @BeforeEach
    void lakes() throws IOException {
        ssd = tmp.resolve("ssd");
        hdd = tmp.resolve("hdd");
        keys = BoundedLevelReaderMain.fill(hdd, VALUES, SIZE);
        DiskLocation.open(ssd).close();
        child = BoundedLevelReaderMain.start(tmp.resolve("child.err"), ssd.toString(), hdd.toString(),
                Long.toString(CAPACITY.bytes()), "2", Long.toString(Duration.ofMinutes(4).toMillis()), "5",
                Double.toString(CAPACITY.lowWatermark()));
    }

    @AfterEach
    void stopChild() throws InterruptedException {
        child.kill();
    }

    /** Reads a File body whole after a pause, and notes whether it held the expected bytes, and where it lay. */
    private final class SlowReader implements Processor {
        private final Function<Exchange, String> expected;
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final List<Path> read = Collections.synchronizedList(new ArrayList<>());

        SlowReader(Function<Exchange, String> expected) {
            this.expected = expected;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            Object body = exchange.getMessage().getBody();
            if (!(body instanceof File file)) {
                failures.add("a body of " + (body == null ? "null" : body.getClass()));
                return;
            }
            Thread.sleep(HOLD_MILLIS);
            try {
                String hex = TestData.sha256Hex(Files.readAllBytes(file.toPath()));
                if (!hex.equals(expected.apply(exchange))) {
                    failures.add(file + " holds " + hex);
                }
                read.add(file.toPath());
            } catch (IOException e) {
                failures.add(e.toString());
            }
        }

        /** Bodies read from the bounded level (the others came from the level below: not at risk). */
        long fromTheLevel() {
            return read.stream().filter(path -> path.startsWith(ssd)).count();
        }
    }

    private static String keyHeader(Exchange exchange) {
        return exchange.getMessage().getHeader(TarnConstants.KEY, String.class);
    }

    private static byte[] output(int n) {
        return TestData.bytes(SIZE, 1000 + n);
    }

    /** The memo's input: the number as the body (the memo key) and as a header (what the step reads). */
    private static Processor memoInput(int n) {
        return e -> {
            e.getMessage().setBody("input " + n);
            e.getMessage().setHeader("n", n);
        };
    }

    @Test
    void bodiesOfReadsMemoHitsAndWritesStayReadableUntilTheExchangeCompletes() throws Exception {
        SlowReader reads = new SlowReader(EvictedUnderRoutesTest::keyHeader);
        SlowReader hits = new SlowReader(e -> TestData.sha256Hex(output(e.getMessage().getHeader("n", Integer.class))));
        SlowReader writes = new SlowReader(EvictedUnderRoutesTest::keyHeader);
        int rounds = 0;
        Levels cached = Levels.ofLevels(Level.of(DiskLocation.open(ssd)).withWrite(false)
                .withCapacity(CAPACITY), Level.of(DiskLocation.open(hdd)));
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("cached", cached);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:read").to("tarn:cached?location=#cached&operation=read").process(reads);
                    from("direct:memo").to("tarn:cached?location=#cached&operation=memo&memoRoute=direct:step")
                            .filter(header(TarnConstants.MEMO_HIT)).process(hits);
                    from("direct:step").process(e -> {
                        Path out = tmp.resolve("step-" + e.getMessage().getHeader("n"));
                        Files.write(out, output(e.getMessage().getHeader("n", Integer.class)));
                        e.getMessage().setBody(out.toFile());
                    });
                    // a plain stream, which the write drains and replaces by the stored value
                    from("direct:write").noStreamCaching().to("tarn:cached?location=#cached&operation=write")
                            .process(writes);
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            for (int n = 0; n < EXCHANGES; n++) {
                int input = n;
                template.send("direct:memo", memoInput(input)); // a miss: computed and stored
            }
            // a body comes from the bounded level only when its copy is admitted there, which the other JVM's
            // reads may prevent for a while (the level is full): rounds go on until every route has had such bodies
            do {
                rounds++;
                for (int n = 0; n < EXCHANGES; n++) {
                    Key key = keys.get(VALUES - 1 - n); // keys the other JVM reads least
                    int input = n;
                    assertThat(template.send("direct:read",
                            e -> e.getMessage().setHeader(TarnConstants.KEY, key.hex())).getException()).isNull();
                    assertThat(template.send("direct:memo", memoInput(input)).getException()).isNull();
                    byte[] bytes = TestData.bytes(SIZE, VALUES - 1 - EXCHANGES - n);
                    assertThat(template.send("direct:write",
                            e -> e.getMessage().setBody(new ByteArrayInputStream(bytes))).getException()).isNull();
                }
            } while (rounds < MAX_ROUNDS && Stream.of(reads, hits, writes).anyMatch(r -> r.fromTheLevel() == 0));
        }
        int exchanges = EXCHANGES * rounds;
        Map<String, SlowReader> routes = Map.of("read", reads, "memo hit", hits, "write", writes);
        assertThat(routes).as("bodies not readable to the end of their exchange").allSatisfy((route, reader) ->
                assertThat(reader.failures).as(route).isEmpty());
        assertThat(routes).allSatisfy((route, reader) -> {
            assertThat(reader.read).as(route).hasSize(exchanges);
            assertThat(reader.fromTheLevel()).as("%s bodies from the bounded level: %s", route, reader.read)
                    .isPositive();
        });
        assertNothingLeftInUse();
    }

    /** Once the exchanges are done and the other JVM is gone, a batch can evict every value: none is held in use. */
    private void assertNothingLeftInUse() throws InterruptedException {
        child.kill();
        DiskLocation level = DiskLocation.open(ssd);
        Levels emptying = Levels.ofLevels(Level.of(level).withWrite(false)
                .withCapacity(Capacity.ofValues(1).withLowWatermark(0.5)), Level.of(DiskLocation.open(hdd)));
        emptying.evictor(0).orElseThrow().evict(null);
        try (Stream<Key> left = level.keys(null)) {
            assertThat(left.toList()).as("values still held in use after their exchanges").isEmpty();
        }
    }

    @Test
    void theConsumerOfTheLevelsLakeHandsOnValuesThatStayReadableUntilTheExchangeCompletes() throws Exception {
        SlowReader consumed = new SlowReader(EvictedUnderRoutesTest::keyHeader);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("tarn:ssd?root=" + ssd + "&positionFile=" + tmp.resolve("position") + "&delay=10")
                            .process(consumed);
                }
            });
            camel.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (consumed.read.size() + consumed.failures.size() < 2 * EXCHANGES && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(consumed.failures).as("values handed on that could not be read to the end").isEmpty();
        assertThat(consumed.read).hasSizeGreaterThanOrEqualTo(2 * EXCHANGES);
        assertNothingLeftInUse();
    }
}
