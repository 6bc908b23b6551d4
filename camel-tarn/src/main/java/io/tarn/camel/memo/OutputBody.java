package io.tarn.camel.memo;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.SynchronizationAdapter;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.camel.body.LakeBodies;
import io.tarn.lake.Lake;
import io.tarn.memo.MemoEntry;

/**
 * The output body of a memoized step: stored in the lake with the type the next step sees, so that it sees the same
 * type on a miss and on a hit. A String stays a String (its charset recorded), a byte[] a byte[], a File a File (on a
 * hit the lake's own file, which no gc or eviction removes until the exchange completes, or a copy deleted when the
 * exchange completes when the lake keeps it off disk), a Path a
 * Path; any stream becomes a stream over the stored value on a miss too (storing drained it). A body of any other type
 * is handed on, on a miss as on a hit, as Camel's type converters rebuild it from the stored bytes, as the nearest type
 * they can make: its class, else a superclass or an interface (a DOM document comes back as a
 * {@code org.w3c.dom.Document}); when there is none, the output is not memoized.
 */
final class OutputBody {
    static final String STRING = "java.lang.String";
    static final String BYTES = "byte[]";
    static final String STREAM = "java.io.InputStream";
    static final String FILE = "java.io.File";
    static final String PATH = "java.nio.file.Path";

    /** A stored output: its key, the type it is handed on as, and for a String the charset of its bytes. */
    record Stored(Key key, String type, String charset) {
    }

    private OutputBody() {
    }

    /**
     * Stores the (non-null) output body and sets the body the next step sees on this miss.
     *
     * @return empty when Camel cannot rebuild the body from its bytes as any of its types: not memoized
     */
    static Optional<Stored> store(Lake lake, Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        LakeBodies.Stored stored = LakeBodies.store(lake, exchange, body, Set.of());
        Key key = stored.key();
        if (body instanceof String) {
            return Optional.of(new Stored(key, STRING, ExchangeHelper.getCharsetName(exchange)));
        }
        if (body instanceof byte[]) {
            return Optional.of(new Stored(key, BYTES, null));
        }
        if (body instanceof Path) {
            return Optional.of(new Stored(key, PATH, null));
        }
        Path file = LakeBodies.localFile(body);
        if (file != null) {
            message.setBody(file.toFile());   // a GenericFile too: a hit could not make one
            return Optional.of(new Stored(key, FILE, null));
        }
        if (body instanceof InputStream) {
            message.setBody(LakeBodies.stream(lake.get(key), exchange));
            return Optional.of(new Stored(key, STREAM, null));
        }
        byte[] bytes = bytes(lake, key).orElseThrow();
        for (Class<?> type : types(body.getClass())) {
            Object rebuilt = convert(exchange, bytes, type);
            if (rebuilt != null) {
                message.setBody(rebuilt);
                return Optional.of(new Stored(key, type.getName(), null));
            }
        }
        return Optional.empty();
    }

    /** The body a hit hands on; empty when the output is gone from the lake or its type cannot be made here. */
    static Optional<Object> restore(Lake lake, Exchange exchange, MemoEntry entry) throws Exception {
        String type = entry.type();
        if (type.equals(STREAM)) {
            Optional<Value> value = lake.read(entry.output());
            return value.isEmpty() ? Optional.empty() : Optional.of(LakeBodies.stream(value.get(), exchange));
        }
        if (type.equals(FILE) || type.equals(PATH)) {
            Optional<Path> file = file(lake, exchange, entry.output());
            return type.equals(FILE) ? file.map(Path::toFile) : file.map(Object.class::cast);
        }
        Optional<byte[]> bytes = bytes(lake, entry.output());
        if (bytes.isEmpty() || type.equals(BYTES)) {
            return bytes.map(Object.class::cast);
        }
        if (type.equals(STRING)) {
            return Optional.of(new String(bytes.get(), Charset.forName(entry.charset())));
        }
        Class<?> resolved = exchange.getContext().getClassResolver().resolveClass(type);
        return Optional.ofNullable(resolved == null ? null : convert(exchange, bytes.get(), resolved));
    }

    /** The class, its superclasses and their interfaces, but not java.lang's and java.io's (Serializable...). */
    private static Set<Class<?>> types(Class<?> type) {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            types.add(c);
            interfaces(c, types);
        }
        return types;
    }

    private static void interfaces(Class<?> type, Set<Class<?>> into) {
        for (Class<?> i : type.getInterfaces()) {
            if (!i.getPackageName().equals("java.lang") && !i.getPackageName().equals("java.io")) {
                into.add(i);
            }
            interfaces(i, into);
        }
    }

    private static Object convert(Exchange exchange, byte[] bytes, Class<?> type) {
        Object value = exchange.getContext().getTypeConverter().tryConvertTo(type, exchange, bytes);
        return type.isInstance(value) ? value : null;
    }

    private static Optional<byte[]> bytes(Lake lake, Key key) {
        return lake.readWhole(key);
    }

    /**
     * The lake's own file of the value, held (in use) until the exchange completes, or a copy that is deleted when the
     * exchange completes.
     */
    private static Optional<Path> file(Lake lake, Exchange exchange, Key key) throws IOException {
        Optional<Value> read = lake.read(key);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        if (read.get().file().isPresent()) {
            LakeBodies.closeWhenDone(read.get(), exchange);
            return read.get().file();
        }
        try (Value value = read.get()) {
            Path copy = Files.createTempFile("tarn-memo-", ".out");
            try (InputStream in = value.open()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    copy.toFile().delete();
                }
            });
            return Optional.of(copy);
        }
    }
}
