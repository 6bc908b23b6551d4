package io.tarn.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.tarn.Lake;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** from("tarn:lake") hands on every value once, across restarts of the route. */
class TarnConsumerTest {
    @TempDir
    Path tmp;

    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    private CamelContext start(Path lake, Path position) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("tarn:lake?root=" + lake + "&positionFile=" + position + "&delay=200&maxMessagesPerPoll=3")
                        .process(e -> received.add(e.getMessage().getHeader(TarnConstants.KEY, String.class)
                                                   + "=" + e.getMessage().getBody(String.class)));
            }
        });
        context.start();
        return context;
    }

    @Test
    void aRestartMidStreamNeitherLosesNorRepeatsAValue() throws Exception {
        Path root = tmp.resolve("lake");
        Path position = tmp.resolve("position.keys");
        Lake lake = Lake.open(root);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String key = lake.write(("value " + i).getBytes()).hex();
            expected.add(key + "=value " + i);
        }

        // 3 values a poll, a poll every 200 ms: the 30 values take 2 s, so stopping after 10 stops mid-stream even
        // when this machine stalls for a second
        CamelContext first = start(root, position);
        NotifyBuilder some = new NotifyBuilder(first).whenCompleted(10).create();
        assertThat(some.matches(10, TimeUnit.SECONDS)).isTrue();
        first.stop();
        int beforeRestart = received.size();
        assertThat(beforeRestart).as("stopped mid-stream").isBetween(10, 29);
        assertThat(Files.readAllLines(position)).hasSize(beforeRestart);

        // more values arrive while the route is down
        for (int i = 30; i < 35; i++) {
            String key = lake.write(("value " + i).getBytes()).hex();
            expected.add(key + "=value " + i);
        }
        CamelContext second = start(root, position);
        NotifyBuilder rest = new NotifyBuilder(second).whenCompleted(35 - beforeRestart).create();
        assertThat(rest.matches(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        second.stop();

        assertThat(received).as("no value repeated").doesNotHaveDuplicates();
        assertThat(new HashSet<>(received)).as("no value lost").isEqualTo(expected);
    }

    @Test
    void aFailedExchangeIsOfferedAgain() throws Exception {
        Path root = tmp.resolve("lake2");
        String key = Lake.open(root).write("flaky".getBytes()).hex();
        List<String> attempts = Collections.synchronizedList(new ArrayList<>());
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("tarn:lake2?root=" + root + "&positionFile=" + tmp.resolve("p2") + "&delay=20")
                            .process(e -> {
                                attempts.add(e.getMessage().getHeader(TarnConstants.KEY, String.class));
                                if (attempts.size() < 3) {
                                    throw new IllegalStateException("not yet");
                                }
                            });
                }
            });
            context.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (attempts.size() < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200);
        }
        assertThat(attempts).containsExactly(key, key, key);
        assertThat(Files.readAllLines(tmp.resolve("p2"))).containsExactly(key);
    }
}
