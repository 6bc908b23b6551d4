package io.tarn.camel;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import io.tarn.Key;

/**
 * The body of {@code operation=list}: the keys as hex strings, read from the lake as they are asked for, so that
 * {@code split(body()).streaming()} goes through any number of keys in constant memory. Camel's splitter closes it at
 * the end; read it once. A listing left unread holds no open folder (each folder is read whole when walked).
 */
final class KeyListing implements Iterator<String>, Closeable {
    private final Stream<Key> keys;
    private final Iterator<Key> iterator;
    private final long limit;
    private long given;

    /** @param limit the most keys to give, 0 or less for all */
    KeyListing(Stream<Key> keys, long limit) {
        this.keys = keys;
        this.iterator = keys.iterator();
        this.limit = limit;
    }

    @Override
    public boolean hasNext() {
        boolean more = (limit <= 0 || given < limit) && iterator.hasNext();
        if (!more) {
            close();
        }
        return more;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        given++;
        return iterator.next().hex();
    }

    @Override
    public void close() {
        keys.close();
    }

    @Override
    public String toString() {
        return "the keys of a tarn list (" + given + " read so far)";
    }
}
