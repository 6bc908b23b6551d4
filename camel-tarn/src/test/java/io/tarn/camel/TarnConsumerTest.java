package io.tarn.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.PausingContents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * from("tarn:lake") hands on every value once, across restarts of the route. Nothing here depends on how fast the
 * machine is: the tests hold an exchange or a listing where the stop must land, and wait for polls, not for time.
 */
class TarnConsumerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    /** What each finished poll handed on, in order; a poll whose only exchange failed hands on 0. */
    private final List<Integer> polls = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> pollFailures = Collections.synchronizedList(new ArrayList<>());

    private final PollingConsumerPollStrategy recordingPolls = new PollingConsumerPollStrategy() {
        @Override
        public boolean begin(Consumer consumer, Endpoint endpoint) {
            return true;
        }

        @Override
        public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
            polls.add(polledMessages);
        }

        @Override
        public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
            pollFailures.add(cause);
            return false;
        }
    };

    private void record(Exchange e) {
        received.add(e.getMessage().getHeader(TarnConstants.KEY, String.class) + "=" + e.getMessage().getBody(String.class));
    }

    /** A context, not started, whose route consumes {@code uri} (with this test's poll strategy) into {@code processor}. */
    private CamelContext context(String uri, Processor processor) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("recordingPolls", recordingPolls);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&pollStrategy=#recordingPolls").routeId("consumer").process(processor);
            }
        });
        return context;
    }

    private static TarnConsumer consumerOf(CamelContext context) {
        return (TarnConsumer) context.getRoute("consumer").getConsumer();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Runs the restarted route until every value was handed on and a poll found nothing new; checks what it gave. */
    private void handOnTheRest(CamelContext restarted, Set<String> expected) throws Exception {
        restarted.start();
        await(() -> received.size() >= expected.size(), expected.size() + " values handed on in all");
        awaitAnIdlePoll();
        restarted.stop();
        assertThat(received).as("no value repeated").doesNotHaveDuplicates();
        assertThat(new HashSet<>(received)).as("no value lost").isEqualTo(expected);
        assertThat(pollFailures).as("no poll failed").isEmpty();
    }

    /** Waits for a poll that starts after now and hands on nothing: every value there is to hand on is handed on. */
    private void awaitAnIdlePoll() throws InterruptedException {
        int seen = polls.size();
        await(() -> {
            List<Integer> done = new ArrayList<>(polls);
            return done.subList(seen, done.size()).contains(0);
        }, "a poll finds nothing new");
    }

    @Test
    void aRestartMidStreamNeitherLosesNorRepeatsAValue() throws Exception {
        Path root = tmp.resolve("lake");
        Path position = tmp.resolve("position.keys");
        String uri = "tarn:lake?root=" + root + "&positionFile=" + position + "&delay=20&maxMessagesPerPoll=3";
        Lake lake = Lake.open(root);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String key = lake.write(("value " + i).getBytes()).hex();
            expected.add(key + "=value " + i);
        }

        // the 11th value is held in its exchange until the route is told to stop: the stop lands mid-stream and
        // mid-poll (3 values a poll), however fast or slow this machine is
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CamelContext first = context(uri, e -> {
            if (received.size() == 10) {
                held.countDown();
                if (!release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the held exchange");
                }
            }
            record(e);
        });
        first.start();
        assertThat(held.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("10 values handed on").isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(first::stop);
        await(() -> !consumerOf(first).isStarted(), "the stop reaches the consumer");
        release.countDown();
        stopping.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(received).as("the held exchange finished; nothing was handed on once the stop began").hasSize(11);

        // more values arrive while the route is down
        for (int i = 30; i < 35; i++) {
            String key = lake.write(("value " + i).getBytes()).hex();
            expected.add(key + "=value " + i);
        }
        handOnTheRest(context(uri, this::record), expected);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "listed in key order: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aStopBetweenTwoValuesOfAPollWaitsForThePollAndKeepsThePosition(boolean ordered) throws Exception {
        Path root = tmp.resolve("lake3");
        Path position = tmp.resolve("p3");
        Lake lake = Lake.open(root);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            expected.add(lake.write(("value " + i).getBytes()).hex() + "=value " + i);
        }
        // the first listing stops before its second value until the stop has reached the consumer: the poll is then
        // between two exchanges, with none in flight, where a graceful shutdown does not wait for it
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean(true);
        Location pausing = new PausingContents(lake.location(), () -> {
            if (armed.getAndSet(false)) {
                paused.countDown();
                try {
                    resume.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the listing was paused", e);
                }
            }
        }, ordered);
        String uri = "tarn:pausing?location=#pausing&positionFile=" + position + "&delay=20";

        CamelContext first = context(uri, this::record);
        first.getRegistry().bind("pausing", pausing);
        first.start();
        assertThat(paused.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the listing paused").isTrue();
        assertThat(received).hasSize(1);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(first::stop);
        await(() -> consumerOf(first).isStoppingOrStopped(), "the stop reaches the consumer");
        resume.countDown();
        stopping.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        await(() -> !polls.isEmpty() || !pollFailures.isEmpty(), "the paused poll ends");
        assertThat(pollFailures).as("the poll ended cleanly").isEmpty();
        assertThat(polls).as("the paused poll handed on its first value only").containsExactly(1);
        assertThat(received).as("nothing handed on once the stop began").hasSize(1);
        assertThat(Files.readAllLines(position)).containsExactly(received.get(0).substring(0, 64));

        CamelContext second = context(uri, this::record);
        second.getRegistry().bind("pausing", pausing);
        handOnTheRest(second, expected);
    }

    @Test
    void aFailedExchangeIsOfferedAgain() throws Exception {
        Path root = tmp.resolve("lake2");
        String key = Lake.open(root).write("flaky".getBytes()).hex();
        List<String> attempts = Collections.synchronizedList(new ArrayList<>());
        try (CamelContext context = context("tarn:lake2?root=" + root + "&positionFile=" + tmp.resolve("p2") + "&delay=20",
                e -> {
                    attempts.add(e.getMessage().getHeader(TarnConstants.KEY, String.class));
                    if (attempts.size() < 3) {
                        throw new IllegalStateException("not yet");
                    }
                })) {
            context.start();
            // polls: a failure (0 handed on), a failure (0), the success (1), then one that finds nothing left (0)
            await(() -> {
                List<Integer> done = new ArrayList<>(polls);
                int success = done.indexOf(1);
                return success >= 0 && done.subList(success + 1, done.size()).contains(0);
            }, "the value is handed on and a later poll finds nothing new");
        }
        assertThat(attempts).containsExactly(key, key, key);
        assertThat(pollFailures).isEmpty();
    }

    /**
     * A scheduler that runs the consumer's task only when the test says, in the test's thread: one run is one
     * scheduled poll with whatever polls Camel makes at once after it (greedy), and nothing runs between two.
     */
    static final class ManualScheduler extends org.apache.camel.support.service.ServiceSupport
            implements org.apache.camel.spi.ScheduledPollConsumerScheduler {
        private CamelContext context;
        private volatile Runnable task;

        @Override
        public void onInit(Consumer consumer) {
        }

        @Override
        public void scheduleTask(Runnable task) {
            this.task = task;
        }

        @Override
        public void unscheduleTask() {
            task = null;
        }

        @Override
        public void startScheduler() {
        }

        @Override
        public boolean isSchedulerStarted() {
            return true;
        }

        @Override
        public void setCamelContext(CamelContext camelContext) {
            this.context = camelContext;
        }

        @Override
        public CamelContext getCamelContext() {
            return context;
        }

        /** One scheduled run of the consumer: what it handed on in all. */
        int runOnce(List<String> received) {
            int before = received.size();
            task.run();
            return received.size() - before;
        }
    }

    /**
     * Issue 27: at the default options, a backlog drains as fast as the route takes it. A lake of 1,000 values (10
     * polls' worth at the default maxMessagesPerPoll): the first scheduled run that hands anything on hands on all of
     * them, polling again at once after each full poll, on a disk lake (its first full scan, which hands nothing on
     * until it has settled) and on a location the consumer lists. Before, each scheduled run (every {@code delay})
     * handed on 100.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"disk lake", "ordered location", "listed location"})
    void aBacklogDrainsInOneScheduledRun(String shape) throws Exception {
        Set<String> expected = backlog(shape, 1000);
        ManualScheduler scheduler = new ManualScheduler();
        try (CamelContext context = context(uri(shape) + "&scheduler=#manual", this::record)) {
            context.getRegistry().bind("manual", scheduler);
            bindListed(context, shape);
            context.start();
            assertThat(firstRunThatHandsOn(scheduler)).as("what the first run that hands on anything hands on")
                    .isEqualTo(1000);
        }
        assertThat(new HashSet<>(received)).as("every value, once").isEqualTo(expected);
        assertThat(received).doesNotHaveDuplicates();
        assertThat(polls).as("ten full polls, one after the other, then one that finds nothing")
                .endsWith(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0);
    }

    /** drainBacklog=false is the throttle: one poll of maxMessagesPerPoll values per scheduled run (per delay). */
    @Test
    void drainBacklogFalseHandsOnOnePollPerScheduledRun() throws Exception {
        backlog("disk lake", 300);
        ManualScheduler scheduler = new ManualScheduler();
        try (CamelContext context = context(uri("disk lake") + "&scheduler=#manual&drainBacklog=false",
                this::record)) {
            context.getRegistry().bind("manual", scheduler);
            context.start();
            assertThat(firstRunThatHandsOn(scheduler)).isEqualTo(100);
            assertThat(scheduler.runOnce(received)).isEqualTo(100);
            assertThat(scheduler.runOnce(received)).isEqualTo(100);
            assertThat(scheduler.runOnce(received)).isZero();
        }
        assertThat(received).doesNotHaveDuplicates().hasSize(300);
    }

    /** Runs the scheduler until a run hands something on (a disk lake's first scan settles for 2 s first). */
    private int firstRunThatHandsOn(ManualScheduler scheduler) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (int sent = scheduler.runOnce(received); ; sent = scheduler.runOnce(received)) {
            if (sent > 0) {
                return sent;
            }
            assertThat(System.nanoTime()).as("timed out waiting for a run that hands on a value").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private Location listed;

    /** A lake of {@code n} values for the shape; the values as record() writes them down. */
    private Set<String> backlog(String shape, int n) {
        Lake lake = Lake.open(tmp.resolve("backlog"));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            expected.add(lake.write(("value " + i).getBytes()).hex() + "=value " + i);
        }
        // not a disk lake to the consumer: it sweeps the location in key order (as on S3), or lists it whole at each
        // poll (as on Redis)
        listed = new PausingContents(lake.location(), () -> { }, shape.equals("ordered location"));
        return expected;
    }

    private String uri(String shape) {
        String position = "&positionFile=" + tmp.resolve("backlog-position");
        return shape.equals("disk lake") ? "tarn:backlog?root=" + tmp.resolve("backlog") + position
                : "tarn:backlog?location=#listed" + position;
    }

    private void bindListed(CamelContext context, String shape) {
        if (!shape.equals("disk lake")) {
            context.getRegistry().bind("listed", listed);
        }
    }
}
