package io.tarn.camel.memo;

import java.util.Arrays;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.lake.Lake;
import io.tarn.memo.CurrentCode;
import io.tarn.memo.Fingerprint;
import io.tarn.memo.Fingerprinter;
import io.tarn.memo.MemoIndex;
import io.tarn.memo.RecentMisses;

/**
 * Memoization of a sub-route ({@code tarn:lake?operation=memo&memoRoute=direct:step}): the exchange goes to the
 * sub-route on a miss, exactly as {@code to("direct:step")} would send it. The fingerprint is the sub-route's
 * {@link RouteFingerprint}, computed on the first exchange after this service starts (when every route of the
 * CamelContext is defined) and kept until it stops.
 */
public final class RouteMemo extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(RouteMemo.class);

    private final CamelContext context;
    private final String routeUri;
    private final Memoizer memoizer;
    private final RouteFingerprint routes;
    private final MemoIndex index;
    private Producer producer;
    private volatile Fingerprint fingerprint;

    public RouteMemo(CamelContext context, Lake lake, MemoIndex index, String routeUri, List<String> headers,
                     List<String> outputHeaders, List<String> unstablePackages) {
        if (routeUri == null || routeUri.isBlank()) {
            throw new IllegalArgumentException("operation=memo needs memoRoute: the URI of the sub-route to memoize,"
                                               + " e.g. memoRoute=direct:step");
        }
        this.context = context;
        this.routeUri = routeUri;
        this.index = index;
        this.memoizer = new Memoizer(lake, index, routeUri, headers, outputHeaders, RecentMisses.shared());
        this.routes = new RouteFingerprint(context, new Fingerprinter(unstablePackages));
    }

    /** A comma-separated option as a list. */
    public static List<String> names(String commaSeparated) {
        return commaSeparated == null ? List.of() : Arrays.asList(commaSeparated.split(","));
    }

    public Fingerprint fingerprint() {
        Fingerprint current = fingerprint;
        if (current == null) {
            synchronized (this) {
                if (fingerprint == null) {
                    fingerprint = routes.of(routeUri);
                    if (LOG.isDebugEnabled()) {
                        // the canonical form is worked out again, so only when it is logged
                        LOG.debug("Memoizing the route {}: {}canonical form: {}", routeUri, fingerprint.describe(),
                                routes.canonical(routeUri));
                    }
                }
                current = fingerprint;
            }
        }
        return current;
    }

    public void process(Exchange exchange) throws Exception {
        memoizer.process(exchange, fingerprint(), producer);
    }

    @Override
    protected void doStart() throws Exception {
        producer = context.getEndpoint(routeUri).createProducer();
        ServiceHelper.startService(producer);
        CurrentCode.register(index, routeUri, this::fingerprint);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(producer);
        CurrentCode.unregister(index, routeUri);
        fingerprint = null;
    }
}
