package io.tarn.camel;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.Key;
import io.tarn.KeyNotFoundException;
import io.tarn.Value;
import io.tarn.camel.body.LakeBodies;
import io.tarn.lake.Lake;
import io.tarn.location.ChangeSource;
import io.tarn.location.Changes;
import io.tarn.location.Entry;

/**
 * Emits one exchange for every value of the lake it has not handed on before: the key in {@code CamelTarnKey}, the
 * value as the body (a File when it lives on disk, else a stream that fetches it when first read). Either is read
 * through the lake, so the read is metered and marks the value used, and the value is held until the exchange
 * completes: no gc or eviction of any process removes a file a route is reading. A value gone from the lake by the
 * time its turn comes (deleted, collected) is passed over. Its position is kept in a file, so a restarted route goes
 * on where it stopped.
 */
public class TarnConsumer extends ScheduledPollConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(TarnConsumer.class);
    private final TarnEndpoint endpoint;
    /** Held by a poll while it runs: a stop waits for the poll to end before it closes the position. */
    private final ReentrantLock polling = new ReentrantLock();
    private volatile ConsumedKeys consumed;
    /**
     * Where the lake offers its changes ({@link io.tarn.location.Location#changes()}: a disk lake), the source that
     * replaces {@link #consumed}.
     */
    private volatile ChangeSource feed;
    /**
     * Where the lake lists its keys in order and offers no changes ({@link io.tarn.location.Location#orderedKeys()}:
     * S3, a tree of disk lakes), the position of its sweeps, which replaces {@link #consumed}.
     */
    private volatile SweptKeys swept;
    /** Whether the last poll handed on as many values as one poll may: there may be more waiting. */
    private volatile boolean lastPollFull;

    public TarnConsumer(TarnEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Lake lake = endpoint.getLake();
        Optional<Changes> changes = lake.location().changes();
        if (changes.isPresent()) {
            // a disk lake no writer has created yet gives nothing until one has (consumers often start first)
            TarnConfiguration configuration = endpoint.getConfiguration();
            feed = changes.get().follow(positionFile(".position"), Duration.ofMillis(configuration.getFullScanPeriod()),
                    Duration.ofMillis(configuration.getJournalRetention()));
        } else if (lake.location().orderedKeys().isPresent()) {
            swept = new SweptKeys(positionFile(".keys"), lake.algorithm());
        } else {
            consumed = new ConsumedKeys(positionFile(".keys"), lake.algorithm());
        }
    }

    /** Full scans of a disk lake finished since the consumer started (0 on other locations). */
    public long completedScans() {
        ChangeSource current = feed;
        return current == null ? 0 : current.completedScans();
    }

    private Path positionFile(String suffix) {
        String configured = endpoint.getConfiguration().getPositionFile();
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return endpoint.getComponent().baseDirectory(endpoint, "its consumer's position", "give the positionFile option")
                .resolve(".positions").resolve(endpoint.getName() + suffix);
    }

    /**
     * Closes the position once the poll in progress, if any, is over: a graceful shutdown stops the consumer as soon as
     * no exchange is in flight, which can be between two values of a poll, before the poll has recorded the last one.
     * A poll hands on no more values once the consumer is suspended or stopping, so the wait is short; should an
     * exchange hang past the shutdown timeout, the position is closed anyway, as the forced shutdown expects.
     */
    @Override
    protected void doStop() throws Exception {
        var shutdown = getEndpoint().getCamelContext().getShutdownStrategy();
        boolean pollOver = polling.tryLock(shutdown.getTimeout(), shutdown.getTimeUnit());
        try {
            if (!pollOver) {
                LOG.warn("A poll of {} is still running after the shutdown timeout: closing its position under it; the"
                         + " value it is handing on may be handed on again after a restart", endpoint);
            }
            if (consumed != null) {
                consumed.sync();
                consumed.close();
                consumed = null;
            }
            if (swept != null) {
                swept.sync();
                swept.close();
                swept = null;
            }
            if (feed != null) {
                feed.sync();
                feed.close();
                feed = null;
            }
        } finally {
            if (pollOver) {
                polling.unlock();
            }
        }
        super.doStop();
    }

    @Override
    protected int poll() throws Exception {
        polling.lock();
        try {
            int limit = endpoint.getConfiguration().getMaxMessagesPerPoll();
            int sent = handOn();
            lastPollFull = limit > 0 && sent >= limit;
            return sent;
        } finally {
            polling.unlock();
        }
    }

    /**
     * Polls again at once after a full poll (a backlog is waiting) unless {@code drainBacklog=false}, and after any
     * poll that handed something on with Camel's {@code greedy=true}.
     */
    @Override
    public boolean isGreedy() {
        return super.isGreedy() || lastPollFull && endpoint.getConfiguration().isDrainBacklog();
    }

    /** One poll: values not handed on before, up to maxMessagesPerPoll, until the consumer is suspended or stopping. */
    private int handOn() {
        ChangeSource changes = feed;
        if (changes != null) {
            return handOn(changes);
        }
        SweptKeys sweeps = swept;
        if (sweeps != null) {
            return handOn(sweeps);
        }
        ConsumedKeys position = consumed;
        if (position == null) {
            // stopped before this poll began
            return 0;
        }
        Lake lake = endpoint.getLake();
        int limit = endpoint.getConfiguration().getMaxMessagesPerPoll();
        int sent = 0;
        try (Stream<Entry> entries = lake.contents()) {
            Iterator<Entry> it = entries.iterator();
            while (it.hasNext() && (limit <= 0 || sent < limit) && isPollAllowed()) {
                Key key = it.next().key();
                if (position.contains(key)) {
                    continue;
                }
                if (process(lake, key)) {
                    position.add(key);
                    sent++;
                }
            }
        } finally {
            if (sent > 0) {
                position.sync();
            }
        }
        return sent;
    }

    /**
     * One poll of a lake that lists its keys in order: goes on listing after the key the last poll stopped at, hands on
     * each key no earlier sweep handed on, and starts a new sweep (from the first key) once the listing is through. A
     * failed exchange ends the poll; the next one offers the value again.
     */
    private int handOn(SweptKeys position) {
        Lake lake = endpoint.getLake();
        int limit = endpoint.getConfiguration().getMaxMessagesPerPoll();
        int sent = 0;
        boolean through = false;
        try (Stream<Key> keys = lake.location().orderedKeys().orElseThrow().keysAfter(position.cursor())) {
            Iterator<Key> it = keys.iterator();
            while (limit <= 0 || sent < limit) {
                if (!it.hasNext()) {
                    through = true;
                    break;
                }
                if (!isPollAllowed()) {
                    // asked after the listing gave the next key, which may have taken a while
                    break;
                }
                Key key = it.next();
                Key from = position.cursor();
                if (position.handedOnBefore(key)) {
                    continue;
                }
                if (!process(lake, key)) {
                    position.rewind(from);
                    break;
                }
                position.handedOn(key);
                sent++;
            }
        } finally {
            if (sent > 0) {
                position.sync();
            }
        }
        if (through) {
            position.sweepEnded();
        }
        return sent;
    }

    /** One poll of a lake that offers its changes (a disk lake: its change journal, and its full scan when due). */
    private int handOn(ChangeSource changes) {
        Lake lake = endpoint.getLake();
        int limit = endpoint.getConfiguration().getMaxMessagesPerPoll();
        int sent = 0;
        try {
            while ((limit <= 0 || sent < limit) && isPollAllowed()) {
                Key key = changes.next();
                if (key == null) {
                    break;
                }
                if (!process(lake, key)) {
                    // not recorded: the value is offered again at the next poll
                    changes.rewind();
                    break;
                }
                changes.handedOn();
                sent++;
            }
        } finally {
            changes.sync();
        }
        return sent;
    }

    /**
     * Hands one value on; whether its exchange went through (a failure is given to the exception handler), or the
     * value is gone (nothing to hand on).
     */
    private boolean process(Lake lake, Key key) {
        Exchange exchange = createExchange(true);
        exchange.getMessage().setHeader(TarnConstants.KEY, key.hex());
        try {
            Object body = body(lake, key, exchange);
            if (body == null) {
                LOG.debug("The value {} is gone from {} before it was handed on: passed over", key.hex(), endpoint);
                releaseExchange(exchange, false);
                return true;
            }
            exchange.getMessage().setBody(body);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        boolean done = exchange.getException() == null;
        if (!done) {
            getExceptionHandler().handleException("Failed to process the value " + key.hex(), exchange,
                    exchange.getException());
        }
        releaseExchange(exchange, false);
        return done;
    }

    /**
     * The value as a body: where the lake keeps it in a local file ({@link Lake#localFile}: a disk lake), read now, the
     * stored file, held until the exchange completes (null when the value is gone); else a stream that reads the value
     * through the lake only when first read, released when closed or when the exchange completes (a remote value is
     * not fetched for a route that never reads it).
     */
    static Object body(Lake lake, Key key, Exchange exchange) throws IOException {
        return body(lake, key, exchange, false);
    }

    /**
     * As {@link #body(Lake, Key, Exchange)}; with {@code checkFirst}, a value the lake keeps in no local file is
     * looked up first, and null when it is not there (one round trip more).
     */
    static Object body(Lake lake, Key key, Exchange exchange, boolean checkFirst) throws IOException {
        Optional<Value> local;
        try {
            local = lake.localFile(key);
        } catch (KeyNotFoundException e) {
            return null;
        }
        if (local.isPresent()) {
            return LakeBodies.toBody(local.get(), exchange);
        }
        if (checkFirst && !lake.contains(key)) {
            return null;
        }
        InputStream lazy = lazyStream(lake, key);
        LakeBodies.closeWhenDone(lazy, exchange);
        return lazy;
    }

    private static InputStream lazyStream(Lake lake, Key key) {
        return new FilterInputStream(InputStream.nullInputStream()) {
            private Value value;

            private InputStream stream() throws IOException {
                if (value == null) {
                    value = lake.get(key);
                    in = value.open();
                }
                return in;
            }

            @Override
            public int read() throws IOException {
                return stream().read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return stream().read(b, off, len);
            }

            @Override
            public synchronized void close() throws IOException {
                super.close();
                if (value != null) {
                    value.close();
                }
            }
        };
    }
}
