package io.tarn.camel;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.spi.InvokeOnHeader;
import org.apache.camel.support.HeaderSelectorProducer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;

import io.tarn.Key;
import io.tarn.KeyNotFoundException;
import io.tarn.Labelled;
import io.tarn.camel.body.LakeBodies;
import io.tarn.camel.memo.RouteMemo;
import io.tarn.lake.Fetched;
import io.tarn.lake.Lake;
import io.tarn.lifecycle.GcReport;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;
import io.tarn.location.combine.SortedKeys;
import io.tarn.memo.MemoIndex;

/**
 * Translates exchanges into {@link Lake} calls, one method per operation; no storage logic lives here.
 */
public class TarnProducer extends HeaderSelectorProducer {
    private final TarnEndpoint endpoint;
    private final TarnConfiguration configuration;
    private volatile RouteMemo memo;

    public TarnProducer(TarnEndpoint endpoint) {
        super(endpoint, TarnConstants.OPERATION, () -> endpoint.getConfiguration().getOperation().name());
        this.endpoint = endpoint;
        this.configuration = endpoint.getConfiguration();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Object operation = exchange.getIn().getHeader(TarnConstants.OPERATION);
        if (operation != null && !(operation instanceof TarnOperation)) {
            try {
                exchange.getIn().setHeader(TarnConstants.OPERATION, TarnOperation.parse(operation.toString()));
            } catch (IllegalArgumentException e) {
                exchange.setException(new IllegalArgumentException(
                        e.getMessage() + " (header " + TarnConstants.OPERATION + " sent to " + endpoint.getEndpointUri() + ")"));
                callback.done(true);
                return true;
            }
        }
        return super.process(exchange, callback);
    }

    private Lake lake() {
        return endpoint.getLake();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String changes = configuration.changesUri();
        if (changes != null) {
            // a feed Camel cannot reach (camel-kafka missing, a mistyped scheme) fails the route's start, not a write
            endpoint.getComponent().publisher(changes);
        }
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(memo);
        memo = null;
        super.doStop();
    }

    @InvokeOnHeader("write")
    public void write(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        if (in.getBody() == null) {
            throw new InvalidPayloadException(exchange, InputStream.class, in,
                    new IllegalArgumentException("tarn write to " + endpoint.getEndpointUri()
                                                 + ": the message body is null; send the bytes to store (stream, byte[], String, file)"));
        }
        Set<String> labels = labels(in);
        LakeBodies.Stored stored = LakeBodies.write(lake(), exchange, labels, !configuration.isBodyAsKey(),
                configuration.getIngest());
        Key key = stored.key();
        endpoint.getComponent().droppedLabels().check(lake(), key, labels, URISupport.sanitizeUri(endpoint.getEndpointUri()));
        // the value is acknowledged (durable) by now: only then is it announced
        String changes = configuration.changesUri();
        if (changes != null) {
            endpoint.getComponent().publisher(changes).publish(key, stored.size(), labels);
        }
        in.setHeader(TarnConstants.KEY, key.hex());
        if (configuration.isBodyAsKey()) {
            in.setBody(key.hex());
        }
    }

    @InvokeOnHeader("read")
    public void read(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        Key key = key(in);
        Optional<Labelled> value = lake().readLabelled(key);
        if (value.isEmpty()) {
            if (!configuration.isIgnoreMissing()) {
                throw new KeyNotFoundException(key, endpoint.getEndpointUri());
            }
            in.setHeader(TarnConstants.FOUND, false);
            in.setBody(null);
            return;
        }
        in.setHeader(TarnConstants.KEY, key.hex());
        in.setHeader(TarnConstants.FOUND, true);
        Set<String> labels = value.get().labels();
        if (!labels.isEmpty()) {
            in.setHeader(TarnConstants.LABELS, labels);
        }
        in.setBody(LakeBodies.toBody(value.get().value(), exchange));
    }

    @InvokeOnHeader("contains")
    public void contains(Exchange exchange) {
        Message in = exchange.getMessage();
        in.setHeader(TarnConstants.FOUND, lake().contains(key(in)));
    }

    @InvokeOnHeader("delete")
    public void delete(Exchange exchange) {
        Message in = exchange.getMessage();
        in.setHeader(TarnConstants.FOUND, lake().delete(key(in)));
    }

    @InvokeOnHeader("touch")
    public void touch(Exchange exchange) {
        Message in = exchange.getMessage();
        in.setHeader(TarnConstants.FOUND, lake().touch(key(in)));
        in.setHeader(TarnConstants.USE_RECORDED, lake().recordsUse());
    }

    @InvokeOnHeader("fetch")
    public void fetch(Exchange exchange) {
        Message in = exchange.getMessage();
        List<Key> keys = new ArrayList<>();
        Object header = in.getHeader(TarnConstants.KEY);
        Object source = header != null ? header : in.getBody();
        if (source instanceof Collection<?> many) {
            many.forEach(item -> keys.add(lake().key(String.valueOf(item))));
        } else {
            keys.add(key(in));
        }
        List<String> missing = new ArrayList<>();
        List<String> notCopied = new ArrayList<>();
        lake().fetch(keys).forEach((key, fetched) -> {
            if (fetched == Fetched.MISSING) {
                missing.add(key.hex());
            } else if (fetched == Fetched.NOT_COPIED) {
                notCopied.add(key.hex());
            }
        });
        if (!missing.isEmpty() && !configuration.isIgnoreMissing()) {
            throw new KeyNotFoundException(lake().key(missing.get(0)),
                    endpoint.getEndpointUri() + " (" + missing.size() + " of " + keys.size() + " keys missing)");
        }
        in.setHeader(TarnConstants.FOUND, missing.isEmpty());
        in.setHeader(TarnConstants.MISSING_KEYS, missing);
        in.setHeader(TarnConstants.NOT_COPIED_KEYS, notCopied);
    }

    /**
     * The keys in ascending order after {@code listFrom}, at most {@code listLimit}: read lazily as the body is iterated
     * where every leaf is a disk lake, else listed whole (and counted in {@code CamelTarnKeyCount}).
     */
    @InvokeOnHeader("list")
    public void list(Exchange exchange) {
        Lake lake = lake();
        String from = configuration.getListFrom();
        Key after = from == null || from.isBlank() ? null : lake.key(from.trim());
        int limit = configuration.getListLimit();
        Stream<Key> keys = lake.keys(after);
        if (SortedKeys.streams(lake.location())) {
            exchange.getMessage().setBody(new KeyListing(keys, limit));
            return;
        }
        List<String> all;
        try (keys) {
            all = (limit > 0 ? keys.limit(limit) : keys).map(Key::hex).toList();
        }
        exchange.getMessage().setHeader(TarnConstants.KEY_COUNT, (long) all.size());
        exchange.getMessage().setBody(all);
    }

    @InvokeOnHeader("verify")
    public void verify(Exchange exchange) {
        VerifyReport report = lake().verify(VerifyOptions.DEFAULT.withRemoveForeign(configuration.isRemoveForeign()));
        Message in = exchange.getMessage();
        in.setHeader(TarnConstants.VERIFIED_COUNT, report.checked());
        in.setHeader(TarnConstants.CORRUPT_KEYS, report.corrupt().stream().map(Key::hex).toList());
        in.setHeader(TarnConstants.REMOVED_TEMPORARY_FILES, report.removedTemporaryFiles());
        in.setHeader(TarnConstants.FOREIGN_ENTRIES, report.foreign());
    }

    /** Collects the lake's garbage as the gc options and headers say; the {@link GcReport} is the body. */
    @InvokeOnHeader("gc")
    public void gc(Exchange exchange) {
        Message in = exchange.getMessage();
        GcReport report = lake().gc(GcRequest.policy(configuration, in, lake()));
        in.setHeader(TarnConstants.GC_REMOVED, report.removed());
        in.setHeader(TarnConstants.GC_REMOVED_BYTES, report.removedBytes());
        in.setBody(report);
    }

    /**
     * Announces a stored value on the change feed, as a write does: for values stored by other means (Python tarn, a
     * copy by hand), e.g. from a consumer's full scan. {@code CamelTarnFound} says whether the value is in the lake;
     * one that is not is not announced.
     */
    @InvokeOnHeader("publish")
    public void publish(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String changes = configuration.changesUri();
        if (changes == null) {
            throw new IllegalArgumentException("tarn publish to " + URISupport.sanitizeUri(endpoint.getEndpointUri())
                                               + ": no change feed to publish to: give the changes option (on the"
                                               + " endpoint or the component, camel.component.tarn.changes)");
        }
        Key key = key(in);
        Optional<Labelled> value = lake().readLabelled(key);
        in.setHeader(TarnConstants.FOUND, value.isPresent());
        if (value.isEmpty()) {
            return;
        }
        long size;
        try (Labelled held = value.get()) {
            size = held.value().size();
        }
        endpoint.getComponent().publisher(changes).publish(key, size, value.get().labels());
    }

    @InvokeOnHeader("memo")
    public void memo(Exchange exchange) throws Exception {
        routeMemo().process(exchange);
    }

    private RouteMemo routeMemo() {
        RouteMemo current = memo;
        if (current == null) {
            synchronized (this) {
                if (memo == null) {
                    MemoIndex index = configuration.getMemoIndex() != null ? new MemoIndex(configuration.getMemoIndex())
                            : MemoIndex.besideLake(lake());
                    RouteMemo created = new RouteMemo(endpoint.getCamelContext(), lake(), index,
                            configuration.getMemoRoute(), RouteMemo.names(configuration.getMemoHeaders()),
                            RouteMemo.names(configuration.getMemoOutputHeaders()),
                            RouteMemo.names(configuration.getUnstablePackages()));
                    ServiceHelper.startService(created);
                    memo = created;
                }
                current = memo;
            }
        }
        return current;
    }

    /** The key from the CamelTarnKey header, else from a String body; validated. */
    private Key key(Message in) {
        String text = in.getHeader(TarnConstants.KEY, String.class);
        if (text == null && (configuration.isBodyAsKey() || in.getBody() instanceof String)) {
            text = in.getBody(String.class);
        }
        return lake().key(text == null ? null : text.trim());
    }

    private static Set<String> labels(Message in) {
        Object header = in.getHeader(TarnConstants.LABELS);
        if (header == null) {
            return Set.of();
        }
        Set<String> labels = new TreeSet<>();
        if (header instanceof Collection<?> many) {
            many.forEach(item -> labels.add(String.valueOf(item)));
        } else {
            for (String part : header.toString().split(",")) {
                if (!part.isBlank()) {
                    labels.add(part.trim());
                }
            }
        }
        return labels;
    }
}
