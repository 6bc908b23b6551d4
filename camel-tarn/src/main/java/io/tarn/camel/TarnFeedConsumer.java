package io.tarn.camel;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.InvalidKeyException;
import io.tarn.Key;
import io.tarn.camel.feed.Change;
import io.tarn.camel.feed.FeedUri;
import io.tarn.lake.Lake;

/**
 * Hands on the values announced on the lake's change feed, read as a consumer group: the consumers of one group, in
 * any number of JVMs, share the feed's partitions, so each value is handed on by one of them. Each record becomes the
 * exchange {@link TarnConsumer} makes for its key (header {@code CamelTarnKey}, the value as the body, read through the
 * lake and held until the exchange completes); its offset is committed only once that exchange is done (on kafka:
 * camel-kafka's manual commit manager, after the poll's records of each partition), so a consumer killed mid-exchange
 * has the record handed on again by the group. A record whose value is gone from the lake is passed over (DEBUG) and
 * committed; a failed exchange is retried from its record. Nothing is listed and nothing is kept per value. Not
 * {@code Suspendable}: suspending the route stops this consumer, so it leaves the group and its partitions go to the
 * other members until the route is resumed.
 */
public class TarnFeedConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(TarnFeedConsumer.class);
    /** camel-kafka's header of the record key (KafkaConstants.KEY). */
    private static final String KAFKA_KEY = "kafka.KEY";
    private final TarnEndpoint endpoint;
    private Consumer feed;

    public TarnFeedConsumer(TarnEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        TarnConfiguration configuration = endpoint.getConfiguration();
        String where = URISupport.sanitizeUri(endpoint.getEndpointUri());
        String uri = FeedUri.forGroup(configuration.changesUri(), configuration.getGroupId(), where);
        Endpoint log;
        try {
            log = getEndpoint().getCamelContext().getEndpoint(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": the changes URI names no endpoint Camel can make: "
                                               + e.getMessage() + " (for kafka: add camel-kafka to the dependencies)", e);
        }
        feed = log.createConsumer(this::handOn);
        ServiceHelper.startService(feed);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopAndShutdownService(feed);
        feed = null;
        super.doStop();
    }

    /** One record of the feed: its value handed on; an exception (the exchange failed) has the record retried. */
    private void handOn(Exchange record) throws Exception {
        String hex = Change.keyOf(record.getMessage().getBody(String.class));
        if (hex == null) {
            hex = record.getMessage().getHeader(KAFKA_KEY, String.class);
        }
        Lake lake = endpoint.getLake();
        Key key;
        try {
            key = lake.key(hex == null ? null : hex.trim());
        } catch (InvalidKeyException e) {
            LOG.warn("{}: a record of the change feed names no valid key, passed over: {}", endpoint, e.getMessage());
            return;
        }
        Exchange exchange = createExchange(true);
        exchange.getMessage().setHeader(TarnConstants.KEY, key.hex());
        try {
            Object body = TarnConsumer.body(lake, key, exchange, true);
            if (body == null) {
                LOG.debug("The value {} announced on the change feed is not in {} (deleted since): passed over",
                        key.hex(), endpoint);
                return;
            }
            exchange.getMessage().setBody(body);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            Exception failed = exchange.getException();
            if (failed != null) {
                // the record's exchange fails too: its offset is not committed, and it is retried
                record.setException(failed);
            }
            releaseExchange(exchange, false);
        }
    }
}
