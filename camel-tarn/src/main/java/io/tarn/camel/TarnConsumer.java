package io.tarn.camel;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.Lake;
import io.tarn.Value;
import io.tarn.location.Entry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one exchange for every value of the lake it has not handed on before: the key in {@code CamelTarnKey}, the
 * value as the body (a File when it lives on disk, else a stream that fetches it when first read). Its position is
 * kept in a file, so a restarted route goes on where it stopped.
 */
public class TarnConsumer extends ScheduledPollConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(TarnConsumer.class);
    private final TarnEndpoint endpoint;
    /** Held by a poll while it runs: a stop waits for the poll to end before it closes the position. */
    private final ReentrantLock polling = new ReentrantLock();
    private volatile ConsumedKeys consumed;

    public TarnConsumer(TarnEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Lake lake = endpoint.getLake();
        consumed = new ConsumedKeys(positionFile(), lake.algorithm());
    }

    private Path positionFile() {
        String configured = endpoint.getConfiguration().getPositionFile();
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return endpoint.getComponent().baseDirectory(endpoint, "its consumer's position", "give the positionFile option")
                .resolve(".positions").resolve(endpoint.getName() + ".keys");
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
            return handOn();
        } finally {
            polling.unlock();
        }
    }

    /** One poll: values not handed on before, up to maxMessagesPerPoll, until the consumer is suspended or stopping. */
    private int handOn() {
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
                Exchange exchange = createExchange(true);
                exchange.getMessage().setHeader(TarnConstants.KEY, key.hex());
                exchange.getMessage().setBody(body(lake, key));
                try {
                    getProcessor().process(exchange);
                } catch (Exception e) {
                    exchange.setException(e);
                }
                if (exchange.getException() != null) {
                    // not recorded: the value is offered again at the next poll
                    getExceptionHandler().handleException("Failed to process the value " + key.hex(), exchange,
                            exchange.getException());
                } else {
                    position.add(key);
                    sent++;
                }
                releaseExchange(exchange, false);
            }
        } finally {
            if (sent > 0) {
                position.sync();
            }
        }
        return sent;
    }

    /** The value as a body: the stored file, or a stream that reads the value only when first read. */
    private static Object body(Lake lake, Key key) {
        if (lake.location() instanceof io.tarn.location.disk.DiskLocation disk) {
            return disk.pathOf(key).toFile();
        }
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
            public void close() throws IOException {
                super.close();
                if (value != null) {
                    value.close();
                }
            }
        };
    }
}
