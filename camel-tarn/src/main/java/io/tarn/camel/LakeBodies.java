package io.tarn.camel;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Set;

import io.tarn.Key;
import io.tarn.Lake;
import io.tarn.Value;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.ExchangeHelper;

/**
 * Message bodies into and out of a lake, streamed: what the write operation and memoization share. A body is read
 * once; a plain stream that writing drains is replaced by the stored value, so the message stays readable.
 */
public final class LakeBodies {
    private LakeBodies() {
    }

    /**
     * Stores the (non-null) body of the exchange's message and returns its key.
     *
     * @param keepReadable replace a drained stream body by the stored value
     */
    public static Key write(Lake lake, Exchange exchange, Set<String> labels, boolean keepReadable) throws Exception {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        Path file = localFile(body);
        if (file != null) {
            return lake.write(file, labels);
        }
        if (body instanceof byte[] bytes) {
            return lake.write(bytes, labels);
        }
        if (body instanceof String text) {
            Charset charset = Charset.forName(ExchangeHelper.getCharsetName(exchange));
            return lake.write(text.getBytes(charset), labels);
        }
        Key key;
        InputStream stream = in.getMandatoryBody(InputStream.class);
        try (stream) {
            key = lake.write(stream, labels);
        }
        if (body instanceof StreamCache cache) {
            cache.reset();
        } else if (keepReadable) {
            in.setBody(toBody(lake.get(key)));
        }
        return key;
    }

    /** A local file behind the body (File, Path, or the GenericFile of a file consumer), if any. */
    static Path localFile(Object body) {
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
        InputStream stream = value.open();
        return new FilterInputStream(stream) {
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
