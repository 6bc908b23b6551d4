package io.tarn.camel.feed;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.tarn.Key;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the values a writer has stored to a change feed, through the Camel endpoint the feed's URI names (camel-kafka
 * for {@code kafka:}; the record key is the value's key, so one key lands in one partition). A publish never fails a
 * write: the value is in the lake already. When the feed cannot be reached, one WARN says so for the whole outage, and
 * no publish is tried for {@link #PAUSE_MS} after a failed one, so writes go on at full speed meanwhile; the values
 * stored meanwhile are counted ({@link #unpublished()}) and left to the full scan. A producer that cannot be started
 * (a broker name that does not resolve yet) is such an outage too; an endpoint Camel cannot make (camel-kafka missing)
 * fails the start.
 */
public final class ChangePublisher extends ServiceSupport {
    /** How long publishing pauses after a failed publish before it tries again. */
    public static final long PAUSE_MS = 30_000;
    /** camel-kafka's header of the record key (KafkaConstants.KEY), named here so camel-kafka stays optional. */
    static final String KAFKA_KEY = "kafka.KEY";
    private static final Logger LOG = LoggerFactory.getLogger(ChangePublisher.class);

    private final CamelContext context;
    private final String changes;
    private final String shown;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong unpublished = new AtomicLong();
    private Endpoint endpoint;
    private volatile Producer producer;
    private volatile boolean down;
    private volatile long pausedUntil;

    public ChangePublisher(CamelContext context, String changes) {
        this.context = context;
        this.changes = changes;
        this.shown = URISupport.sanitizeUri(changes);
    }

    @Override
    protected void doStart() throws Exception {
        String uri = FeedUri.forWriters(changes);
        try {
            endpoint = context.getEndpoint(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The changes URI " + shown + " names no endpoint Camel can make: " + e.getMessage()
                                               + " (for kafka: add camel-kafka to the dependencies)", e);
        }
        try {
            producer();
        } catch (Exception e) {
            // a broker whose name does not resolve yet: an outage like any other, not a reason to stop the routes
            failed(null, e);
        }
    }

    /** The producer, made and started on first use; made again after it could not be started. */
    private Producer producer() throws Exception {
        Producer current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    Producer made = endpoint.createProducer();
                    ServiceHelper.startService(made);
                    producer = made;
                }
                current = producer;
            }
        }
        return current;
    }

    @Override
    protected void doStop() throws Exception {
        Producer current = producer;
        producer = null;
        ServiceHelper.stopAndShutdownService(current);
    }

    /**
     * Publishes a value the lake has acknowledged; never throws for the feed's faults. The record is handed to the feed's
     * producer without waiting for the broker to take it (camel-kafka's producer is asynchronous: its client batches
     * the records of concurrent writes, and says later whether each went through), so a write does not wait for a
     * round trip to the broker; a record that then fails is counted and logged as one refused at once. A producer
     * stopped with its route (or the context) sends what it holds first; what a JVM killed held is the full scan's.
     */
    public void publish(Key key, long size, Set<String> labels) {
        long now = System.currentTimeMillis();
        if (down && now < pausedUntil) {
            unpublished.incrementAndGet();
            return;
        }
        Exchange exchange = endpoint.createExchange();
        exchange.getMessage().setHeader(KAFKA_KEY, key.hex());
        exchange.getMessage().setBody(new Change(key, size, labels, now).json());
        try {
            AsyncProcessorConverterHelper.convert(producer()).process(exchange, doneSync -> sent(key, exchange));
        } catch (Exception e) {
            exchange.setException(e);
            sent(key, exchange);
        }
    }

    /** What the feed said of a record: taken, or refused (the value then left to the full scan). */
    private void sent(Key key, Exchange exchange) {
        Exception failed = exchange.getException();
        if (failed == null) {
            published.incrementAndGet();
            if (down) {
                down = false;
                LOG.info("The change feed {} is reachable again; {} values stored while it was not were not published:"
                         + " the lake's full scan hands them on", shown, unpublished.get());
            }
            return;
        }
        unpublished.incrementAndGet();
        failed(key, failed);
    }

    private synchronized void failed(Key key, Exception failed) {
        pausedUntil = System.currentTimeMillis() + PAUSE_MS;
        if (!down) {
            down = true;
            LOG.warn("Cannot publish {} to the change feed {}: {}. Writes go on, and publishing pauses {} s at a time"
                     + " until the feed is reachable again: the values stored meanwhile are left to the lake's full scan",
                    key == null ? "(cannot start its producer)" : "the value " + key.hex() + ", which is stored,", shown,
                    failed.getMessage(), PAUSE_MS / 1000);
        }
    }

    /** Values published since the start. */
    public long published() {
        return published.get();
    }

    /** Values stored but not published, the feed being unreachable, since the start. */
    public long unpublished() {
        return unpublished.get();
    }

    /** Whether the last publish failed (the feed is taken for down until a publish goes through). */
    public boolean isDown() {
        return down;
    }
}
