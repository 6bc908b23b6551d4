package io.tarn.camel.memo;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.StreamCache;
import org.apache.camel.TypeConversionException;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.ExchangeHelper;

import io.tarn.HashAlgorithm;
import io.tarn.Json;
import io.tarn.Key;
import io.tarn.Value;
import io.tarn.camel.body.LakeBodies;
import io.tarn.lake.Lake;
import io.tarn.memo.Canonical;
import io.tarn.memo.Fingerprint;
import io.tarn.memo.StepRun;

/**
 * The memo key of an exchange: the digest of a text naming the input body by its key in the lake, each selected header
 * by its content and type, and the code by its fingerprint. Distinct inputs never share a key: a header is
 * {@code absent} or {@code null} (not the same), a stream or file by the key of its bytes (stored in the lake, as the
 * body is), a value with a canonical form (String, byte[], numbers, enums, collections... see {@link Canonical}) by
 * its digest, anything else by the bytes Camel's type converters make of it, with its Java type. A header with none of
 * these is an error, never its {@code toString()}.
 */
final class MemoKey {
    /** Bumped whenever the text or the index entry changes, so that entries of another format are never looked up. */
    static final String VERSION = "tarn-memo/3";

    private MemoKey() {
    }

    /** A memo key and what it is the digest of (for {@link io.tarn.memo.StepHistory} to tell why it missed). */
    record Call(Key key, StepRun run) {
    }

    static Call of(Exchange exchange, Lake lake, HashAlgorithm algorithm, List<String> headers, Fingerprint code)
            throws Exception {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        String input;
        if (body == null) {
            input = "null";
        } else {
            input = inputKey(exchange, lake).hex();
            if (!isContent(body)) {
                input += " " + body.getClass().getName();
            }
        }
        StringBuilder text = new StringBuilder(VERSION).append("\ninput ").append(input).append('\n');
        SortedMap<String, String> values = new TreeMap<>();
        for (String name : headers) {
            String value = header(exchange, lake, name);
            values.put(name, value);
            text.append("header ").append(Json.quote(name)).append(' ').append(value).append('\n');
        }
        text.append("code ").append(code.digest()).append('\n');
        return new Call(algorithm.digest(text.toString().getBytes(StandardCharsets.UTF_8)), new StepRun(input, values, code));
    }

    /** Bodies and headers that stand for their bytes alone: the same bytes are the same input, whatever carries them. */
    private static boolean isContent(Object value) {
        return value instanceof byte[] || value instanceof String || isStored(value);
    }

    /** Values read as streams: stored in the lake while hashed, since they can be read only once or are large. */
    private static boolean isStored(Object value) {
        return value instanceof InputStream || value instanceof StreamCache || value instanceof File
               || value instanceof Path || value instanceof WrappedFile<?>;
    }

    /**
     * The digest of the input body. A body in memory is only hashed: storing it would cost a write (and, once stored,
     * a collision check re-reading it) on every hit. A stream or a file is stored, so that it is read once and the
     * code can still read it (a drained stream is replaced by a stream over the stored value).
     */
    private static Key inputKey(Exchange exchange, Lake lake) throws Exception {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        if (body instanceof byte[] bytes) {
            return lake.algorithm().digest(bytes);
        }
        if (body instanceof String text) {
            return lake.algorithm().digest(text.getBytes(Charset.forName(ExchangeHelper.getCharsetName(exchange))));
        }
        LakeBodies.Stored stored = LakeBodies.store(lake, exchange, body, Set.of());
        if (stored.drained()) {
            in.setBody(readable(lake, stored.key(), exchange));
        }
        return stored.key();
    }

    private static String header(Exchange exchange, Lake lake, String name) throws Exception {
        Message in = exchange.getMessage();
        if (!in.hasHeaders() || !in.getHeaders().containsKey(name)) {
            return "absent";
        }
        Object value = in.getHeader(name);
        if (value == null) {
            return "null";
        }
        if (isStored(value)) {
            LakeBodies.Stored stored = LakeBodies.store(lake, exchange, value, Set.of());
            if (stored.drained()) {
                in.setHeader(name, readable(lake, stored.key(), exchange));
            }
            return "content " + stored.key().hex();
        }
        try {
            return "value " + Canonical.digest(value, "header '" + name + "'", null);
        } catch (Canonical.NotAValue notAValue) {
            return converted(exchange, name, value, notAValue);
        }
    }

    /** A value with no canonical form, by what Camel's type converters make of it. */
    private static String converted(Exchange exchange, String name, Object value, Canonical.NotAValue notAValue) {
        byte[] bytes;
        try {
            bytes = exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, value);
        } catch (NoTypeConversionAvailableException | TypeConversionException e) {
            throw new IllegalArgumentException("The memo header '" + name + "' holds a "
                    + value.getClass().getName() + ": it has no canonical form (" + notAValue.getMessage()
                    + ") and Camel cannot convert it to bytes, so it cannot be part of the memo key. Select headers"
                    + " holding Strings, numbers, byte[], streams, files, enums, records or collections of these, or"
                    + " convert the header first.", e);
        }
        return value.getClass().getName() + " " + Fingerprint.sha256(bytes);
    }

    private static InputStream readable(Lake lake, Key key, Exchange exchange) throws Exception {
        Value value = lake.get(key);
        return LakeBodies.stream(value, exchange);
    }
}
