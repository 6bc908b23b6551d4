package io.tarn.memo;

import java.io.Serializable;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.tarn.camel.memo.Memoize;
import io.tarn.lake.Lake;

import static org.assertj.core.api.Assertions.assertThat;

/** The state of the processor object (its fields, a lambda's captured values) is part of its fingerprint. */
class ProcessorStateTest extends MemoTestSupport {
    private static Fingerprint of(Object processor) {
        return Fingerprinter.standard().of(processor);
    }

    /** A processor configured by its fields. */
    static final class Resize implements Processor {
        final int width;

        Resize(int width) {
            this.width = width;
        }

        @Override
        public void process(Exchange exchange) {
            exchange.getMessage().setBody(exchange.getMessage().getBody(String.class) + " at " + width);
        }
    }

    @Test
    void fieldsArePartOfTheFingerprint() {
        assertThat(of(new Resize(100))).isNotEqualTo(of(new Resize(200))).isEqualTo(of(new Resize(100)));
        assertThat(of(new Resize(100)).parts()).containsKey("state io.tarn.memo.ProcessorStateTest$Resize.width");
    }

    @Test
    void memoizedProcessorsWithOtherFieldsDoNotShareResults() throws Exception {
        Lake lake = lake();
        Exchange narrow = send(context(Memoize.of(lake, new Resize(100))), "img", Map.of());
        Exchange wide = send(context(Memoize.of(lake, new Resize(200))), "img", Map.of());
        Exchange again = send(context(Memoize.of(lake, new Resize(200))), "img", Map.of());
        assertThat(hit(narrow)).isFalse();
        assertThat(hit(wide)).isFalse();
        assertThat(wide.getMessage().getBody(String.class)).isEqualTo("img at 200");
        assertThat(hit(again)).isTrue();
    }

    static Processor suffix(String suffix, int times) {
        return exchange -> exchange.getMessage().setBody(exchange.getMessage().getBody(String.class) + suffix.repeat(times));
    }

    interface SerializableProcessor extends Processor, Serializable {
    }

    static Processor serializableSuffix(String suffix) {
        return (SerializableProcessor) exchange -> exchange.getMessage().setBody(exchange.getMessage().getBody(String.class) + suffix);
    }

    @Test
    void aLambdasCapturedValuesArePartOfTheFingerprint() throws Exception {
        assertThat(of(suffix("!", 1))).isNotEqualTo(of(suffix("?", 1))).isNotEqualTo(of(suffix("!", 2)))
                .isEqualTo(of(suffix("!", 1)));
        assertThat(of(serializableSuffix("!"))).isNotEqualTo(of(serializableSuffix("?"))).isEqualTo(of(serializableSuffix("!")));

        Lake lake = lake();
        assertThat(hit(send(context(Memoize.of(lake, suffix("!", 1))), "a", Map.of()))).isFalse();
        Exchange other = send(context(Memoize.of(lake, suffix("?", 1))), "a", Map.of());
        assertThat(hit(other)).isFalse();
        assertThat(other.getMessage().getBody(String.class)).isEqualTo("a?");
    }

    enum Mode { FAST, GOOD }

    record Box(int width, int height) {
    }

    /** Nested state of the user's own classes: reached field by field. */
    static final class Settings {
        final Mode mode;
        final List<Box> boxes;
        Settings next;

        Settings(Mode mode, List<Box> boxes) {
            this.mode = mode;
            this.boxes = boxes;
        }
    }

    static final class Configured implements Processor {
        final Settings settings;
        final Map<String, Integer> limits;
        final Set<String> tags;
        final double[] weights;
        final Duration timeout;
        final UnaryOperator<String> transform;

        Configured(Settings settings, Map<String, Integer> limits, Set<String> tags, double[] weights, Duration timeout,
                   UnaryOperator<String> transform) {
            this.settings = settings;
            this.limits = limits;
            this.tags = tags;
            this.weights = weights;
            this.timeout = timeout;
            this.transform = transform;
        }

        @Override
        public void process(Exchange exchange) {
        }
    }

    private static Configured configured(Mode mode, int height, Map<String, Integer> limits, Set<String> tags,
                                         double weight, long seconds, String prefix) {
        Settings settings = new Settings(mode, List.of(new Box(1, height)));
        settings.next = settings;   // a cycle
        return new Configured(settings, limits, tags, new double[] { weight }, Duration.ofSeconds(seconds), s -> prefix + s);
    }

    @Test
    void nestedStateCountsByContentMapsAndSetsInAnyOrder() {
        Map<String, Integer> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Integer> ba = new HashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);
        Set<String> xy = new LinkedHashSet<>(List.of("x", "y"));
        Set<String> yx = new LinkedHashSet<>(List.of("y", "x"));
        Fingerprint base = of(configured(Mode.FAST, 2, ab, xy, 0.5, 1, ">"));
        assertThat(of(configured(Mode.FAST, 2, ba, yx, 0.5, 1, ">"))).as("same content, other order").isEqualTo(base);
        assertThat(of(configured(Mode.GOOD, 2, ab, xy, 0.5, 1, ">"))).as("an enum").isNotEqualTo(base);
        assertThat(of(configured(Mode.FAST, 3, ab, xy, 0.5, 1, ">"))).as("a record in a list").isNotEqualTo(base);
        assertThat(of(configured(Mode.FAST, 2, Map.of("a", 1, "b", 3), xy, 0.5, 1, ">"))).as("a map value").isNotEqualTo(base);
        assertThat(of(configured(Mode.FAST, 2, ab, Set.of("x"), 0.5, 1, ">"))).as("a set").isNotEqualTo(base);
        assertThat(of(configured(Mode.FAST, 2, ab, xy, 0.25, 1, ">"))).as("an array").isNotEqualTo(base);
        assertThat(of(configured(Mode.FAST, 2, ab, xy, 0.5, 2, ">"))).as("a java.time value").isNotEqualTo(base);
        assertThat(of(configured(Mode.FAST, 2, ab, xy, 0.5, 1, "<"))).as("a lambda's captured value").isNotEqualTo(base);
    }

    /** State that is no value: a connection, a thread, a lake, a CamelContext; and a field opted out. */
    static final class Connected implements Processor {
        final int size;
        final Socket socket = new Socket();
        final Thread worker;
        final Lake lake;
        final DefaultCamelContext camel = new DefaultCamelContext();
        @NotKeyed
        final List<String> seen = new ArrayList<>();

        Connected(int size, Lake lake, String seen) {
            this.size = size;
            this.worker = new Thread(() -> { });
            this.lake = lake;
            this.seen.add(seen);
        }

        @Override
        public void process(Exchange exchange) {
        }
    }

    @Test
    void stateThatIsNoValueIsSkippedAndNamedAndAFieldCanOptOut() {
        Fingerprint one = of(new Connected(1, lake(), "a"));
        assertThat(of(new Connected(1, Lake.open(tmp.resolve("other")), "b"))).isEqualTo(one);
        assertThat(of(new Connected(2, lake(), "a"))).isNotEqualTo(one);
        String type = Connected.class.getName();
        assertThat(one.describe()).contains("state " + type + ".size")
                .contains("state not keyed: " + type + ".socket (java.net.Socket")
                .contains("state not keyed: " + type + ".worker (java.lang.Thread")
                .contains("state not keyed: " + type + ".lake (io.tarn.lake.Lake")
                .contains("state not keyed: " + type + ".camel (org.apache.camel.impl.DefaultCamelContext")
                .contains("state not keyed: " + type + ".seen (@NotKeyed)");
    }
}
