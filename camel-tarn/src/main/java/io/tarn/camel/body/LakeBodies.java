package io.tarn.camel.body;

import java.io.Closeable;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

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
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.SynchronizationAdapter;

import io.tarn.Ingest;
import io.tarn.Key;
import io.tarn.Value;
import io.tarn.lake.Lake;

/**
 * Message bodies into and out of a lake, streamed: what the write operation and memoization share. A body is read
 * once; a plain stream that writing drains is replaced by the stored value, so the message stays readable.
 */
public final class LakeBodies {
    private LakeBodies() {
    }

    /**
     * A value stored from a message: its key, whether storing drained it (a plain stream is read once), and its size in
     * bytes.
     */
    public record Stored(Key key, boolean drained, long size) {
    }

    /**
     * Stores the (non-null) body of the exchange's message and returns its key.
     *
     * @param keepReadable replace a drained stream body by the stored value
     */
    public static Key write(Lake lake, Exchange exchange, Set<String> labels, boolean keepReadable) throws Exception {
        return write(lake, exchange, labels, keepReadable, Ingest.COPY).key();
    }

    /**
     * Stores the (non-null) body of the exchange's message and returns its key; a local file body is copied or taken
     * as {@code ingest} says. A file a {@code file:} consumer will move after processing (neither {@code noop} nor
     * {@code delete}) is linked rather than moved, so that the consumer still finds it: the consumer moves the name,
     * the lake keeps the value.
     *
     * @param keepReadable replace a drained stream body, or a moved file, by the stored value
     */
    public static Stored write(Lake lake, Exchange exchange, Set<String> labels, boolean keepReadable, Ingest ingest)
            throws Exception {
        Message in = exchange.getMessage();
        Path file = ingest == Ingest.COPY ? null : localFile(in.getBody());
        if (file != null) {
            Ingest taken = ingest == Ingest.MOVE && consumerMovesItAfter(exchange, in.getBody()) ? Ingest.LINK : ingest;
            long size = Files.size(file);
            Key key = lake.write(file, labels, taken);
            if (taken == Ingest.MOVE && keepReadable) {
                in.setBody(toBody(lake.get(key), exchange));
            }
            return new Stored(key, taken == Ingest.MOVE, size);
        }
        Stored stored;
        try {
            stored = store(lake, exchange, in.getBody(), labels);
        } catch (NoTypeConversionAvailableException e) {
            throw new InvalidPayloadException(exchange, InputStream.class, in, e);
        }
        if (stored.drained() && keepReadable) {
            in.setBody(toBody(lake.get(stored.key()), exchange));
        }
        return stored;
    }

    /**
     * Stores a message's (non-null) body or header value, streamed: a file or a stream (a stream cache is reset after),
     * bytes, a String in the exchange's charset, or whatever Camel converts to a stream.
     */
    public static Stored store(Lake lake, Exchange exchange, Object value, Set<String> labels) throws Exception {
        Path file = localFile(value);
        if (file != null) {
            long size = Files.size(file);
            return new Stored(lake.write(file, labels), false, size);
        }
        if (value instanceof byte[] bytes) {
            return new Stored(lake.write(bytes, labels), false, bytes.length);
        }
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(Charset.forName(ExchangeHelper.getCharsetName(exchange)));
            return new Stored(lake.write(bytes, labels), false, bytes.length);
        }
        Key key;
        InputStream stream = exchange.getContext().getTypeConverter().mandatoryConvertTo(InputStream.class, exchange, value);
        Counted counted = new Counted(stream);
        try (stream) {
            key = lake.write(counted, labels);
        }
        if (value instanceof StreamCache cache) {
            cache.reset();
            return new Stored(key, false, counted.count);
        }
        return new Stored(key, true, counted.count);
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
     * A stored value as the body of the exchange's message: the file when it lives on disk; a byte[] (a copy, so that
     * a route changing it cannot change the level it came from) when a memory level holds it, since such values are
     * small by nature; else a stream that releases the value on close. A file or stream keeps the value open until the
     * exchange completes ({@link #closeWhenDone}): a disk lake holds the key in use meanwhile, so that no gc or
     * eviction of any process removes the file while the route reads it.
     */
    public static Object toBody(Value value, Exchange exchange) throws IOException {
        if (value.file().isPresent()) {
            closeWhenDone(value, exchange);
            return value.file().get().toFile();
        }
        if (value instanceof Value.Bytes held) {
            return held.bytes().clone();
        }
        return stream(value, exchange);
    }

    /** A stored value as a stream that releases the value on close, or when the exchange completes. */
    public static InputStream stream(Value value, Exchange exchange) throws IOException {
        InputStream stream = stream(value);
        closeWhenDone(value, exchange);
        return stream;
    }

    /** A stored value as a stream that releases the value on close (the caller closes it). */
    public static InputStream stream(Value value) throws IOException {
        return new ValueStream(value);
    }

    /**
     * Closes a value (or a stream over one) when the exchange completes, done or failed (Camel's on-completion; a
     * route that hands the exchange on, to a seda queue say, hands this on with it). A stored value is closed once,
     * however often closed.
     */
    public static void closeWhenDone(Closeable value, Exchange exchange) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    value.close();
                } catch (IOException e) {
                    // nothing is left to release: closing a stored value lets go of its key, it writes nothing
                }
            }
        });
    }

    /** Counts the bytes read through it (the size of a stored stream); closing it leaves the stream open. */
    private static final class Counted extends FilterInputStream {
        private long count;

        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        @Override
        public void close() {
            // the caller closes the stream it opened
        }
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
