package io.tarn.camel.body;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Set;

import io.tarn.Ingest;
import io.tarn.Key;
import io.tarn.Lake;
import io.tarn.Value;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.StreamCache;
import org.apache.camel.WrappedFile;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ExchangeHelper;

/**
 * Message bodies into and out of a lake, streamed: what the write operation and memoization share. A body is read
 * once; a plain stream that writing drains is replaced by the stored value, so the message stays readable.
 */
public final class LakeBodies {
    private LakeBodies() {
    }

    /** A value stored from a message: its key, and whether storing drained it (a plain stream is read once). */
    public record Stored(Key key, boolean drained) {
    }

    /**
     * Stores the (non-null) body of the exchange's message and returns its key.
     *
     * @param keepReadable replace a drained stream body by the stored value
     */
    public static Key write(Lake lake, Exchange exchange, Set<String> labels, boolean keepReadable) throws Exception {
        return write(lake, exchange, labels, keepReadable, Ingest.COPY);
    }

    /**
     * Stores the (non-null) body of the exchange's message and returns its key; a local file body is copied or taken
     * as {@code ingest} says. A file a {@code file:} consumer will move after processing (neither {@code noop} nor
     * {@code delete}) is linked rather than moved, so that the consumer still finds it: the consumer moves the name,
     * the lake keeps the value.
     *
     * @param keepReadable replace a drained stream body, or a moved file, by the stored value
     */
    public static Key write(Lake lake, Exchange exchange, Set<String> labels, boolean keepReadable, Ingest ingest)
            throws Exception {
        Message in = exchange.getMessage();
        Path file = ingest == Ingest.COPY ? null : localFile(in.getBody());
        if (file != null) {
            Ingest taken = ingest == Ingest.MOVE && consumerMovesItAfter(exchange, in.getBody()) ? Ingest.LINK : ingest;
            Key key = lake.write(file, labels, taken);
            if (taken == Ingest.MOVE && keepReadable) {
                in.setBody(toBody(lake.get(key)));
            }
            return key;
        }
        Stored stored;
        try {
            stored = store(lake, exchange, in.getBody(), labels);
        } catch (NoTypeConversionAvailableException e) {
            throw new InvalidPayloadException(exchange, InputStream.class, in, e);
        }
        if (stored.drained() && keepReadable) {
            in.setBody(toBody(lake.get(stored.key())));
        }
        return stored.key();
    }

    /**
     * Stores a message's (non-null) body or header value, streamed: a file or a stream (a stream cache is reset after),
     * bytes, a String in the exchange's charset, or whatever Camel converts to a stream.
     */
    public static Stored store(Lake lake, Exchange exchange, Object value, Set<String> labels) throws Exception {
        Path file = localFile(value);
        if (file != null) {
            return new Stored(lake.write(file, labels), false);
        }
        if (value instanceof byte[] bytes) {
            return new Stored(lake.write(bytes, labels), false);
        }
        if (value instanceof String text) {
            Charset charset = Charset.forName(ExchangeHelper.getCharsetName(exchange));
            return new Stored(lake.write(text.getBytes(charset), labels), false);
        }
        Key key;
        InputStream stream = exchange.getContext().getTypeConverter().mandatoryConvertTo(InputStream.class, exchange, value);
        try (stream) {
            key = lake.write(stream, labels);
        }
        if (value instanceof StreamCache cache) {
            cache.reset();
            return new Stored(key, false);
        }
        return new Stored(key, true);
    }

    /**
     * Whether the body is the file of a {@code file:} consumer that moves its files once processed (neither
     * {@code noop} nor {@code delete}: its {@code move} option or its default {@code .camel/}). The consumer's options
     * are read through its endpoint's configurer; a consumer whose options cannot be read counts as one that moves.
     */
    private static boolean consumerMovesItAfter(Exchange exchange, Object body) {
        Endpoint from = exchange.getFromEndpoint();
        if (!(body instanceof WrappedFile<?>) || from == null || !from.getEndpointUri().startsWith("file:")) {
            return false;
        }
        CamelContext context = exchange.getContext();
        PropertyConfigurer configurer = PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer("file-endpoint", context); // how Camel names an endpoint's configurer
        if (!(configurer instanceof PropertyConfigurerGetter options)) {
            return true;
        }
        return !Boolean.TRUE.equals(options.getOptionValue(from, "noop", true))
               && !Boolean.TRUE.equals(options.getOptionValue(from, "delete", true));
    }

    /** A local file behind the body (File, Path, or the GenericFile of a file consumer), if any. */
    public static Path localFile(Object body) {
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

    /**
     * A stored value as a message body: the file when it lives on disk; a byte[] (a copy, so that a route changing it
     * cannot change the level it came from) when a memory level holds it, since such values are small by nature; else
     * a stream that releases the value on close.
     */
    public static Object toBody(Value value) throws IOException {
        if (value.file().isPresent()) {
            value.close();
            return value.file().get().toFile();
        }
        if (value instanceof Value.Bytes held) {
            return held.bytes().clone();
        }
        return stream(value);
    }

    /** A stored value as a stream that releases the value on close. */
    public static InputStream stream(Value value) throws IOException {
        return new ValueStream(value);
    }

    /** The stream {@link #stream} hands out: one class, whichever location the value comes from. */
    private static final class ValueStream extends FilterInputStream {
        private final Value value;

        ValueStream(Value value) throws IOException {
            super(value.open());
            this.value = value;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                value.close();
            }
        }
    }
}
