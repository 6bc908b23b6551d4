package io.tarn.camel.remote;

import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * One Camel endpoint and its producer, driven directly rather than through a ProducerTemplate: the exchange never
 * completes a unit of work, so nothing the producer registers "on completion" (camel-http closing a streamed response
 * body) runs before the location is done with the body. Thread-safe as the producer is.
 */
public final class Transport implements AutoCloseable {
    private final Endpoint endpoint;
    private final Producer producer;

    public Transport(CamelContext context, String uri) {
        this.endpoint = context.getEndpoint(uri);
        try {
            // the endpoint builds what its producer needs when it starts (caffeine-cache looks its cache up then)
            ServiceHelper.startService(endpoint);
            this.producer = endpoint.createProducer();
            // Camel's own producer cache does this; HeaderSelectorProducer (caffeine-cache) needs it to start
            CamelContextAware.trySetCamelContext(producer, context);
            ServiceHelper.startService(producer);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start a producer on " + endpoint.getEndpointBaseUri() + ": " + e, e);
        }
    }

    /** Sends one request; the producer's failure, if any, is thrown. */
    public Message call(Consumer<Message> request) throws Exception {
        Exchange exchange = endpoint.createExchange();
        request.accept(exchange.getIn());
        producer.process(exchange);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        return exchange.getMessage();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        ServiceHelper.stopAndShutdownService(producer);
    }
}
