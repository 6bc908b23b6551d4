package io.tarn.camel.backend;

import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.service.ServiceHelper;

/**
 * How every remote location talks to its server: one Camel endpoint and its producer, driven directly rather than
 * through a ProducerTemplate, so the exchange never completes a unit of work and nothing the producer registers "on
 * completion" (camel-http closing a streamed response body) runs before the location is done with the body.
 * <ul>
 * <li>Lazy: the endpoint and its producer start on the first call, not when the location is made, so a location can
 * be created while its server is down; a start that fails is tried again on the next call.</li>
 * <li>Unwrapped: a call throws the transport's own exception (an SDK's, Jedis's, JSch's), whether the producer threw
 * it or set it on the exchange, without Camel's wrappers, so that the location's outage policy sees what failed.</li>
 * </ul>
 * Thread-safe as the producer is.
 */
public final class CamelTransport implements AutoCloseable {
    private final CamelContext context;
    private final Endpoint endpoint;
    /** Whether the endpoint is this transport's own (stopped on close), not one the context holds. */
    private final boolean owned;
    private volatile Producer producer;

    private CamelTransport(CamelContext context, Endpoint endpoint, boolean owned) {
        this.context = context;
        this.endpoint = endpoint;
        this.owned = owned;
    }

    /** A transport to the context's endpoint for {@code uri} (shared with routes that name the same URI). */
    public static CamelTransport to(CamelContext context, String uri) {
        return new CamelTransport(context, context.getEndpoint(uri), false);
    }

    /**
     * A transport over an endpoint made by the caller and held by nobody else (e.g. one configured with a password that
     * must not appear in any URI); it is stopped with the transport.
     */
    public static CamelTransport over(CamelContext context, Endpoint endpoint) {
        return new CamelTransport(context, endpoint, true);
    }

    private Producer producer() throws Exception {
        Producer started = producer;
        if (started != null) {
            return started;
        }
        synchronized (this) {
            if (producer == null) {
                Producer fresh = null;
                try {
                    // the endpoint builds what its producer needs when it starts (caffeine-cache looks its cache up then)
                    ServiceHelper.startService(endpoint);
                    fresh = endpoint.createProducer();
                    // Camel's own producer cache does this; HeaderSelectorProducer (caffeine-cache) needs it to start
                    CamelContextAware.trySetCamelContext(fresh, context);
                    ServiceHelper.startService(fresh);
                } catch (Exception e) {
                    // an endpoint may check its server on start (aws2-s3 its bucket): start it all again next time
                    ServiceHelper.stopService(fresh);
                    if (owned) {
                        ServiceHelper.stopService(endpoint);
                    }
                    throw unwrap(e);
                }
                producer = fresh;
            }
            return producer;
        }
    }

    /** Sends one request; the transport's failure, if any, is thrown unwrapped. */
    public Message call(Consumer<Message> request) throws Exception {
        Producer started = producer();
        Exchange exchange = endpoint.createExchange();
        request.accept(exchange.getIn());
        try {
            started.process(exchange);
        } catch (Exception e) {
            throw unwrap(e);
        }
        if (exchange.getException() != null) {
            throw unwrap(exchange.getException());
        }
        return exchange.getMessage();
    }

    /** The exception under Camel's wrappers. */
    static Exception unwrap(Exception error) {
        Exception e = error;
        while ((e instanceof RuntimeCamelException || e instanceof CamelExecutionException)
               && e.getCause() instanceof Exception cause && cause != e) {
            e = cause;
        }
        return e;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Stops the producer (and the endpoint, when it is this transport's own); it starts again on the next call. */
    @Override
    public synchronized void close() {
        Producer started = producer;
        producer = null;
        if (started != null) {
            ServiceHelper.stopAndShutdownService(started);
        }
        if (owned) {
            ServiceHelper.stopAndShutdownService(endpoint);
        }
    }
}
