package io.tarn.camel.backend.memory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;

import io.tarn.BoundedRead;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.Value;
import io.tarn.format.Sizes;
import io.tarn.location.Collisions;
import io.tarn.location.Entry;
import io.tarn.location.Location;

/**
 * An in-memory level held in a Caffeine cache, read and written directly. Bounded by the total bytes of its values:
 * when a write takes it over {@code maxBytes}, Caffeine evicts (its W-TinyLFU policy picks which), so a value that was
 * written may be gone on the next read, as in any cache. Values above {@code maxValueBytes} are declined without being
 * read; the others are held in memory whole, by nature. Labels and usage dates are kept in memory beside the values
 * and dropped with them; nothing survives a restart.
 * <p>
 * The location builds its cache (camel-caffeine has no weigher, so it could not bound one by bytes) and binds it in
 * the Camel registry under its name, where a route reaches the same cache through camel-caffeine
 * ({@code caffeine-cache:NAME}, e.g. to look at its statistics). camel-caffeine is not in the location's own path: no
 * user hands it a cache (a name already bound is refused), so an exchange per get, put and invalidate sent to the
 * cache it already holds added a hop and no behaviour.
 */
public final class CaffeineLocation implements Location {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final HexFormat HEX = HexFormat.of();
    private static final int STRIPES = 64;

    private final CamelContext context;
    private final String name;
    private final long maxBytes;
    private final long maxValueBytes;
    private final Cache<String, byte[]> cache;
    private final LabelsAndUsage meta = new LabelsAndUsage();
    private final Object[] locks = new Object[STRIPES];

    /** A level of at most {@code maxBytes} that takes values up to a sixteenth of that. */
    public CaffeineLocation(CamelContext context, String cacheName, long maxBytes) {
        this(context, cacheName, maxBytes, Math.max(1, maxBytes / 16));
    }

    /**
     * @param cacheName     names the cache in the Camel registry (where a {@code caffeine-cache:NAME} endpoint finds
     *                      it); it must not be bound already
     * @param maxValueBytes values larger than this are declined
     */
    public CaffeineLocation(CamelContext context, String cacheName, long maxBytes, long maxValueBytes) {
        if (cacheName == null || !NAME.matcher(cacheName).matches()) {
            throw new LocationSpecException("A caffeine location needs a cache name of letters, digits, '.', '_' or '-',"
                                            + " got '" + cacheName + "'");
        }
        if (maxBytes <= 0 || maxValueBytes <= 0 || maxValueBytes > maxBytes || maxValueBytes > Integer.MAX_VALUE - 8) {
            throw new LocationSpecException("Caffeine location '" + cacheName + "': need 0 < maxValueBytes ("
                                            + maxValueBytes + ") <= maxBytes (" + maxBytes + ") and maxValueBytes < 2 GiB");
        }
        if (context.getRegistry().lookupByName(cacheName) != null) {
            throw new LocationSpecException("Caffeine location '" + cacheName + "': the Camel registry already holds a bean"
                                            + " of that name; give each caffeine location its own cache name");
        }
        this.context = context;
        this.name = cacheName;
        this.maxBytes = maxBytes;
        this.maxValueBytes = maxValueBytes;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
        // camel-caffeine has no weigher option: this location makes the cache, and a caffeine-cache endpoint finds it bound
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, byte[] value) -> value.length)
                // evict on the writer's thread, so the bound holds when put returns
                .executor(Runnable::run)
                .evictionListener((String key, byte[] value, RemovalCause cause) -> meta.forget(key))
                .recordStats()
                .build();
        context.getRegistry().bind(cacheName, cache);
    }

    @Override
    public Optional<Value> read(Key key) {
        byte[] bytes = cache.getIfPresent(key.hex());
        if (bytes == null) {
            return Optional.empty();
        }
        meta.used(key.hex());
        return Optional.of(Value.of(bytes));
    }

    @Override
    public boolean contains(Key key) {
        // a quiet look: asking whether a key is there is not a use of it, and must not sway Caffeine's eviction
        return cache.policy().getIfPresentQuietly(key.hex()) != null;
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        if (value.size() > maxValueBytes) {
            return Optional.empty();
        }
        synchronized (locks[Math.floorMod(key.hashCode(), STRIPES)]) {
            byte[] stored = cache.getIfPresent(key.hex());
            if (stored == null) {
                stored = bytesOf(key, value);
                if (stored == null) {
                    return Optional.empty();
                }
                // before the put, so that an eviction of this very value also drops them
                meta.written(key.hex(), labels);
                cache.put(key.hex(), stored);
            } else {
                checkSame(key, value, stored);
                meta.written(key.hex(), labels);
            }
            return Optional.of(Value.of(stored));
        }
    }

    @Override
    public boolean delete(Key key) {
        synchronized (locks[Math.floorMod(key.hashCode(), STRIPES)]) {
            if (!contains(key)) {
                return false;
            }
            cache.invalidate(key.hex());
            meta.forget(key.hex());
            return true;
        }
    }

    /** Reads the key (which counts as a use for Caffeine's eviction policy too) and dates the use. */
    @Override
    public boolean touch(Key key) {
        if (cache.getIfPresent(key.hex()) == null) {
            return false;
        }
        meta.used(key.hex());
        return true;
    }

    @Override
    public Stream<Entry> contents() {
        // a snapshot of the keys held now
        List<Entry> entries = List.copyOf(cache.asMap().keySet()).stream()
                .map(hex -> new Entry(Key.of(HEX.parseHex(hex)), this)).toList();
        return entries.stream();
    }

    @Override
    public Set<String> labels(Key key) {
        return meta.labels(key.hex());
    }

    /** Always, in memory beside the values (and dropped with them). */
    @Override
    public boolean keepsLabels() {
        return true;
    }

    @Override
    public Optional<Instant> lastUsed(Key key) {
        return meta.lastUsed(key.hex());
    }

    /**
     * Always: Caffeine evicts a value when a write takes it past {@code maxBytes}, and the heap is gone with the
     * process. So it is a cache above a durable level ({@code level(caffeine:..., cache=true)}), never where a write
     * rests alone.
     */
    @Override
    public boolean mayDropWrites() {
        return true;
    }

    /** The bytes held now, after any eviction (at most {@code maxBytes}). */
    public long weightedBytes() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /** How many values Caffeine evicted to stay under {@code maxBytes}. */
    public long evictions() {
        return cache.stats().evictionCount();
    }

    public long maxValueBytes() {
        return maxValueBytes;
    }

    /**
     * The value's bytes, or null when it turns out longer than {@code maxValueBytes} (its size was not known); a value
     * that gives another number of bytes than its size says is refused.
     */
    private byte[] bytesOf(Key key, Value value) {
        try {
            return BoundedRead.bytes(key, value, maxValueBytes, this);
        } catch (IOException e) {
            throw new LocationException(this + " could not read the value of key " + key.hex() + " to store it: " + e, e);
        }
    }

    private void checkSame(Key key, Value value, byte[] stored) {
        try {
            Collisions.check(key, value, stored.length, () -> new ByteArrayInputStream(stored), toString());
        } catch (IOException e) {
            throw new LocationException(this + " could not compare the value of key " + key.hex() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        context.getRegistry().unbind(name);
        // a caffeine-cache endpoint a route made holds this cache: a later location of the same name must not find it
        String uri = "caffeine-cache://" + name;
        for (Endpoint endpoint : List.copyOf(context.getEndpoints())) {
            String made = endpoint.getEndpointUri();
            if (made.equals(uri) || made.startsWith(uri + "?")) {
                try {
                    context.removeEndpoint(endpoint);
                } catch (Exception e) {
                    throw new LocationException(this + " could not remove the endpoint " + made + " of its cache: " + e, e);
                }
            }
        }
        cache.invalidateAll();
        meta.clear();
    }

    @Override
    public String toString() {
        // as a spec writes it, so that it parses back: the bounds are part of the leaf
        return "caffeine:" + name + "?maxBytes=" + Sizes.format(maxBytes)
               + (maxValueBytes == Math.max(1, maxBytes / 16) ? "" : "&maxValueBytes=" + Sizes.format(maxValueBytes));
    }
}
