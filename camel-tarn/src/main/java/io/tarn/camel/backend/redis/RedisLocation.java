package io.tarn.camel.backend.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterators;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.apache.camel.CamelContext;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.types.Expiration;

import io.tarn.BoundedRead;
import io.tarn.CollisionException;
import io.tarn.Key;
import io.tarn.Labelled;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.Value;
import io.tarn.camel.backend.Reachability;
import io.tarn.camel.backend.RemoteLocation;
import io.tarn.format.JsonLabels;
import io.tarn.location.Entry;
import io.tarn.location.Locker;
import io.tarn.lock.redis.RedisLocker;

/**
 * Values in Redis, laid out byte for byte as Python tarn's {@code RedisLocation} lays them out, so that both share a
 * server: the value under {@code prefix + digest} (raw digest bytes), labels as a JSON list under
 * {@code "labels" + prefix + digest}, the usage date as decimal epoch seconds under {@code "usage_date" + prefix + digest}.
 * <p>
 * Contract: a read is one GET (plus, when a ttl or usage dates are kept, one pipelined round trip that refreshes
 * them); a batch read is one MGET per {@code batchSize} keys. Redis holds values in memory, and so does this location:
 * values above {@code maxValueSize} are declined without being read. An unreachable server is a miss and a decline
 * (see {@link Reachability}).
 */
public final class RedisLocation implements RemoteLocation {
    private static final byte[] LOCKS = "lock".getBytes(StandardCharsets.US_ASCII);
    private final RedisSettings options;
    private final RedisLayout layout;
    private final Duration ttl;
    private final RedisCommands redis;
    private final Reachability reachability;
    private final RedisLocker locks;

    public RedisLocation(CamelContext camel, RedisSettings options) {
        try {
            Class.forName("org.apache.camel.component.redis.RedisComponent", false, RedisLocation.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new LocationSpecException("A Redis location needs org.apache.camel:camel-spring-redis on the "
                                            + "classpath: add it to your dependencies", e);
        }
        this.options = options;
        this.layout = new RedisLayout(options.prefix(), options.algorithm().digestSize());
        this.ttl = options.ttl();
        this.redis = new RedisCommands(camel, options);
        this.reachability = new Reachability(name(), options, RedisCommands::isOutage);
        this.locks = new RedisLocker(redis.connections(), options.toString(),
                RedisLayout.concat(options.prefix(), LOCKS), (int) options.lockExpiry().toSeconds(), name());
    }

    /** Names it in logs and errors: the server and the prefix, never the password. */
    private String name() {
        return "Redis location " + options + (layout.hasPrefix() ? " prefix " + layout.describePrefix() : "");
    }

    /**
     * With a ttl, a key expires unless it is read or touched in time: a value may go by itself. Without one, Redis keeps
     * what it stored as far as this location can tell; a server that evicts under {@code maxmemory} or does not persist
     * its data is not durable storage all the same (see src-docs/locations/redis.md): make it a cache level.
     */
    @Override
    public boolean mayDropWrites() {
        return ttl != null;
    }

    /**
     * Python tarn's RedisLocker protocol on this server, its lock keys {@code prefix + "lock:" + digest} (never listed
     * as values: they are longer than prefix + digest), expiring after {@link RedisSettings#withLockExpiry}. This location
     * takes no locks for its own reads and writes (Python's RedisLocation takes none either): they are for callers,
     * such as memoization's single flight across JVMs.
     */
    @Override
    public Optional<Locker> locker() {
        return Optional.of(locks);
    }

    @Override
    public Reachability reachability() {
        return reachability;
    }

    @Override
    public Optional<Value> read(Key key) {
        return reachability.call("read " + key, () -> {
            byte[] bytes = redis.get(layout.content(key));
            if (bytes == null) {
                return Optional.<Value>empty();
            }
            used(List.of(key));
            return Optional.<Value>of(Value.of(bytes));
        }, Optional::empty);
    }

    /** With keepLabels: the value and its labels in one round trip (one MGET of both keys). */
    @Override
    public Optional<Labelled> readLabelled(Key key) {
        if (!options.keepLabels()) {
            return read(key).map(value -> new Labelled(value, Set.of()));
        }
        return reachability.call("read " + key, () -> {
            List<byte[]> found = redis.mget(List.of(layout.content(key), layout.labels(key)));
            if (found.get(0) == null) {
                return Optional.<Labelled>empty();
            }
            used(List.of(key));
            return Optional.of(new Labelled(Value.of(found.get(0)), labelsOf(key, found.get(1))));
        }, Optional::empty);
    }

    @Override
    public void readBatch(Collection<Key> keys, BiConsumer<Key, Optional<Value>> sink) {
        List<Key> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += options.batchSize()) {
            List<Key> chunk = all.subList(from, Math.min(all.size(), from + options.batchSize()));
            List<byte[]> values = reachability.call("read " + chunk.size() + " keys", () -> {
                List<byte[]> found = redis.mget(chunk.stream().map(layout::content).toList());
                List<Key> hits = new ArrayList<>();
                for (int i = 0; i < chunk.size(); i++) {
                    if (found.get(i) != null) {
                        hits.add(chunk.get(i));
                    }
                }
                used(hits);
                return found;
            }, () -> Arrays.asList(new byte[chunk.size()][]));
            for (int i = 0; i < chunk.size(); i++) {
                sink.accept(chunk.get(i), Optional.ofNullable(values.get(i)).map(Value::of));
            }
        }
    }

    @Override
    public boolean contains(Key key) {
        return reachability.call("look up " + key, () -> redis.exists(layout.content(key)), () -> false);
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        byte[] bytes;
        try {
            bytes = BoundedRead.bytes(key, value, options.maxValueSize(), this);
        } catch (IOException e) {
            throw new LocationException("Could not read the value of " + key + " to write it to " + this + ": " + e, e);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        return reachability.call("write " + key, () -> {
            byte[] contentKey = layout.content(key);
            for (int attempt = 1; !redis.setIfAbsent(contentKey, bytes); attempt++) {
                long stored = redis.strlen(contentKey);
                if (stored == bytes.length && Arrays.equals(redis.get(contentKey), bytes)) {
                    break;
                }
                // nothing stored: the key expired or was deleted since SETNX, so try again
                if (stored > 0 || attempt == 3) {
                    throw new CollisionException(key, this + " (stored: " + stored + " bytes, new: " + bytes.length
                                                      + " bytes)");
                }
            }
            if (ttl != null) {
                redis.expire(contentKey, ttl);
            }
            addLabels(key, labels);
            if (options.keepUsage()) {
                redis.set(layout.usage(key), RedisLayout.formatDate(Instant.now()), ttl);
            }
            return Optional.<Value>of(Value.of(bytes));
        }, reachability::declined);
    }

    private void addLabels(Key key, Set<String> labels) throws Exception {
        if (!options.keepLabels() || labels.isEmpty()) {
            return;
        }
        Set<String> all = new LinkedHashSet<>(storedLabels(key));
        if (all.addAll(labels)) {
            redis.set(layout.labels(key), JsonLabels.format(all).getBytes(StandardCharsets.UTF_8), ttl);
        }
    }

    /** After a hit: refresh the expiry and the usage date, in one round trip. */
    private void used(List<Key> hits) throws Exception {
        if (hits.isEmpty() || ttl == null && !options.keepUsage()) {
            return;
        }
        byte[] now = RedisLayout.formatDate(Instant.now());
        redis.pipelined(connection -> {
            for (Key key : hits) {
                if (ttl != null) {
                    connection.keyCommands().expire(layout.content(key), ttl.toSeconds());
                    if (options.keepLabels()) {
                        connection.keyCommands().expire(layout.labels(key), ttl.toSeconds());
                    }
                }
                if (options.keepUsage()) {
                    connection.stringCommands().set(layout.usage(key), now,
                            ttl == null ? Expiration.persistent() : Expiration.seconds(ttl.toSeconds()), SetOption.upsert());
                }
            }
        });
    }

    @Override
    public boolean delete(Key key) {
        return reachability.call("delete " + key, () -> {
            boolean there = redis.exists(layout.content(key));
            redis.del(layout.content(key), layout.labels(key), layout.usage(key));
            return there;
        }, () -> false);
    }

    @Override
    public boolean touch(Key key) {
        return reachability.call("touch " + key, () -> {
            boolean there = ttl != null ? redis.expire(layout.content(key), ttl) : redis.exists(layout.content(key));
            if (there && options.keepUsage()) {
                redis.set(layout.usage(key), RedisLayout.formatDate(Instant.now()), ttl);
            }
            return there;
        }, () -> false);
    }

    /** Whether it was told to keep labels ({@code keepLabels=true}). */
    @Override
    public boolean keepsLabels() {
        return options.keepLabels();
    }

    @Override
    public Set<String> labels(Key key) {
        if (!options.keepLabels()) {
            return Set.of();
        }
        return reachability.call("read the labels of " + key, () -> storedLabels(key), Set::of);
    }

    private Set<String> storedLabels(Key key) throws Exception {
        return labelsOf(key, redis.get(layout.labels(key)));
    }

    private Set<String> labelsOf(Key key, byte[] json) {
        return json == null ? Set.of()
                : JsonLabels.parse(new String(json, StandardCharsets.UTF_8), "The labels of " + key + " in " + this);
    }

    @Override
    public Optional<Instant> lastUsed(Key key) {
        if (!options.keepUsage()) {
            return Optional.empty();
        }
        return reachability.call("read the usage date of " + key,
                () -> Optional.ofNullable(redis.get(layout.usage(key))).map(date -> RedisLayout.parseDate(date, key, this)),
                Optional::empty);
    }

    /** SCAN {@code prefix*} through the template (Camel's producer has no SCAN); labels and usage keys are skipped. */
    @Override
    public Stream<Entry> contents() {
        Cursor<Object> cursor = reachability.call("list the keys", () -> redis.scan(layout.scanPattern()), () -> null);
        if (cursor == null) {
            return Stream.empty();
        }
        // the cursor fetches its next page in hasNext(): an outage there ends the listing like any other outage
        Iterator<Object> pages = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return reachability.call("list the keys", cursor::hasNext, () -> false);
            }

            @Override
            public Object next() {
                return cursor.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, 0), false)
                .flatMap(raw -> layout.keyOf((byte[]) raw).stream())
                .map(key -> new Entry(key, this))
                .onClose(cursor::close);
    }

    @Override
    public void close() {
        redis.close();
    }

    /** The spec leaf that makes this location ({@link RedisSettings#spec()}): without the password. */
    @Override
    public String toString() {
        return options.spec();
    }
}
