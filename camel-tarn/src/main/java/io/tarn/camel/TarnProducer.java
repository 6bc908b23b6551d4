package io.tarn.camel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.KeyNotFoundException;
import io.tarn.Lake;
import io.tarn.Value;
import io.tarn.location.Entry;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.WrappedFile;
import org.apache.camel.spi.InvokeOnHeader;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.HeaderSelectorProducer;

/**
 * Translates exchanges into {@link Lake} calls, one method per operation; no storage logic lives here.
 */
public class TarnProducer extends HeaderSelectorProducer {
    private final TarnEndpoint endpoint;
    private final TarnConfiguration configuration;

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

    @InvokeOnHeader("write")
    public void write(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        if (body == null) {
            throw new InvalidPayloadException(exchange, InputStream.class, in,
                    new IllegalArgumentException("tarn write to " + endpoint.getEndpointUri()
                                                 + ": the message body is null; send the bytes to store (stream, byte[], String, file)"));
        }
        Set<String> labels = labels(in);
        Key key;
        Path file = localFile(body);
        if (file != null) {
            key = lake().write(file, labels);
        } else if (body instanceof byte[] bytes) {
            key = lake().write(bytes, labels);
        } else if (body instanceof String text) {
            Charset charset = Charset.forName(ExchangeHelper.getCharsetName(exchange));
            key = lake().write(text.getBytes(charset), labels);
        } else {
            InputStream stream = in.getMandatoryBody(InputStream.class);
            try (stream) {
                key = lake().write(stream, labels);
            }
            if (body instanceof StreamCache cache) {
                cache.reset();
            } else if (!configuration.isBodyAsKey()) {
                // the caller's stream is drained: hand on the stored value instead
                in.setBody(toBody(lake().get(key)));
            }
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
        var value = lake().read(key);
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
        Set<String> labels = lake().labels(key);
        if (!labels.isEmpty()) {
            in.setHeader(TarnConstants.LABELS, labels);
        }
        in.setBody(toBody(value.get()));
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
        lake().fetch(keys).forEach((key, found) -> {
            if (!found) {
                missing.add(key.hex());
            }
        });
        if (!missing.isEmpty() && !configuration.isIgnoreMissing()) {
            throw new KeyNotFoundException(lake().key(missing.get(0)),
                    endpoint.getEndpointUri() + " (" + missing.size() + " of " + keys.size() + " keys missing)");
        }
        in.setHeader(TarnConstants.FOUND, missing.isEmpty());
        in.setHeader(TarnConstants.MISSING_KEYS, missing);
    }

    @InvokeOnHeader("list")
    public void list(Exchange exchange) {
        Set<String> keys = new LinkedHashSet<>();
        try (Stream<Entry> entries = lake().contents()) {
            entries.forEach(entry -> keys.add(entry.key().hex()));
        }
        exchange.getMessage().setBody(new ArrayList<>(keys));
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

    /** A local file behind the body (File, Path, or the GenericFile of a file consumer), if any. */
    private static Path localFile(Object body) {
        if (body instanceof Path path) {
            return path;
        }
        if (body instanceof File file) {
            return file.toPath();
        }
        if (body instanceof WrappedFile<?> wrapped && wrapped.getFile() instanceof File file) {
            return file.toPath();
        }
        return null;
    }

    /** A stored value as a message body: the file when it lives on disk, else a stream that releases it on close. */
    private static Object toBody(Value value) throws IOException {
        if (value.file().isPresent()) {
            value.close();
            return value.file().get().toFile();
        }
        InputStream stream = value.open();
        return new java.io.FilterInputStream(stream) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    value.close();
                }
            }
        };
    }

}
