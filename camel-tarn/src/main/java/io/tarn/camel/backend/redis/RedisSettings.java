package io.tarn.camel.backend.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.tarn.HashAlgorithm;
import io.tarn.camel.backend.LeafOptions;
import io.tarn.camel.backend.Reachability;
import io.tarn.camel.backend.RemoteSettings;
import io.tarn.camel.backend.Settings;
import io.tarn.format.Sizes;

/**
 * How a {@link RedisLocation} reaches its server and what it keeps; immutable, changed by {@code with…} methods. The
 * defaults are Python tarn's {@code RedisLocation}: empty prefix, no labels, no usage dates, no ttl; server
 * 127.0.0.1:6379, database 0. The password never appears in {@link #toString()}.
 */
public final class RedisSettings extends Settings<RedisSettings> implements RemoteSettings<RedisSettings> {
    /** Redis's own limit for a string value (proto-max-bulk-len). */
    public static final long REDIS_MAX_VALUE = 512L << 20;
    private static final RedisSettings DEFAULTS = new RedisSettings();

    private String host = "127.0.0.1";
    private int port = 6379;
    private String password;
    private int database;
    private byte[] prefix = new byte[0];
    private boolean keepLabels;
    private boolean keepUsage;
    private Duration ttl;
    private long maxValueSize = 64L << 20;
    private int batchSize = 100;
    private Duration timeout = Duration.ofSeconds(2);
    private boolean failFast;
    private Duration retryAfter = Reachability.RETRY_AFTER;
    private HashAlgorithm algorithm = HashAlgorithm.SHA256;
    private Duration lockExpiry = Duration.ofMinutes(5);

    private RedisSettings() {
    }

    /** Python tarn's defaults, on 127.0.0.1:6379. */
    public static RedisSettings defaults() {
        return DEFAULTS;
    }

    /** The defaults, on {@code host:port}. */
    public static RedisSettings of(String host, int port) {
        return DEFAULTS.withHost(host).withPort(port);
    }

    public RedisSettings withHost(String value) {
        return with(s -> s.host = Objects.requireNonNull(value, "host"));
    }

    public RedisSettings withPort(int value) {
        if (value <= 0 || value > 65535) {
            throw new IllegalArgumentException("Redis port must be in 1..65535, not " + value);
        }
        return with(s -> s.port = value);
    }

    /** The server's password (AUTH); never logged. */
    public RedisSettings withPassword(String value) {
        return with(s -> s.password = value);
    }

    /** The database number (SELECT). */
    public RedisSettings withDatabase(int value) {
        return with(s -> s.database = value);
    }

    /** Prepended to every Redis key, as bytes (tarn encodes a str prefix as UTF-8). */
    public RedisSettings withPrefix(byte[] value) {
        return with(s -> s.prefix = Objects.requireNonNull(value, "prefix").clone());
    }

    public RedisSettings withPrefix(String value) {
        return withPrefix(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Keep labels under {@code labels + prefix + key} (tarn's keep_labels). */
    public RedisSettings withKeepLabels(boolean value) {
        return with(s -> s.keepLabels = value);
    }

    /** Keep usage dates under {@code usage_date + prefix + key} (tarn's keep_usage). */
    public RedisSettings withKeepUsage(boolean value) {
        return with(s -> s.keepUsage = value);
    }

    /** Expiry of every key written, refreshed when the value is read or touched (tarn's ttl); null for none. */
    public RedisSettings withTtl(Duration value) {
        if (value != null && value.toSeconds() < 1) {
            throw new IllegalArgumentException("A Redis ttl is whole seconds, at least 1: " + value);
        }
        return with(s -> s.ttl = value);
    }

    /** Values above this many bytes are declined, never loaded (Redis holds values in memory). */
    public RedisSettings withMaxValueSize(long value) {
        if (value < 0 || value > REDIS_MAX_VALUE) {
            throw new IllegalArgumentException("maxValueSize must be in 0.." + REDIS_MAX_VALUE + " (Redis's limit), not "
                                               + value);
        }
        return with(s -> s.maxValueSize = value);
    }

    /** How many keys one MGET of a batch read asks for (so at most that many values are in memory at once). */
    public RedisSettings withBatchSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + value);
        }
        return with(s -> s.batchSize = value);
    }

    /** Connect and read timeout. */
    public RedisSettings withTimeout(Duration value) {
        return with(s -> s.timeout = Objects.requireNonNull(value, "timeout"));
    }

    @Override
    public RedisSettings withFailFast(boolean value) {
        return with(s -> s.failFast = value);
    }

    @Override
    public RedisSettings withRetryAfter(Duration value) {
        return with(s -> s.retryAfter = Objects.requireNonNull(value, "retryAfter"));
    }

    /** The digest whose size {@link RedisLocation#contents()} expects after the prefix. */
    public RedisSettings withAlgorithm(HashAlgorithm value) {
        return with(s -> s.algorithm = Objects.requireNonNull(value, "algorithm"));
    }

    /**
     * How long a lock taken through {@link RedisLocation#locker()} (memoization's single flight across JVMs) outlives a
     * holder that died without releasing it; also the longest a waiter waits. Whole seconds, at least 1.
     */
    public RedisSettings withLockExpiry(Duration value) {
        if (value == null || value.toSeconds() < 1 || value.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A Redis lockExpiry is whole seconds, at least 1: " + value);
        }
        return with(s -> s.lockExpiry = value);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    String password() {
        return password;
    }

    public int database() {
        return database;
    }

    public byte[] prefix() {
        return prefix.clone();
    }

    public boolean keepLabels() {
        return keepLabels;
    }

    public boolean keepUsage() {
        return keepUsage;
    }

    public Duration ttl() {
        return ttl;
    }

    public long maxValueSize() {
        return maxValueSize;
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean failFast() {
        return failFast;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    public HashAlgorithm algorithm() {
        return algorithm;
    }

    public Duration lockExpiry() {
        return lockExpiry;
    }

    /**
     * The spec leaf of these settings, {@code redis:HOST:PORT} with every option of the leaf's grammar that differs from
     * the defaults ({@code prefix}, {@code database}, {@code keepLabels}, {@code keepUsage}, {@code ttl},
     * {@code maxValueSize}, {@code lockExpiry}, {@code failFast}, {@code retryAfter}), so that it parses back to the
     * same settings. The password is left out (the grammar has no placeholder for it): what it prints parses back to
     * settings without one. Settings the grammar has no option for (batchSize, timeout, algorithm) are not printed; a
     * prefix that is not UTF-8 text cannot be written in a spec and is printed as its UTF-8 reading.
     */
    public String spec() {
        Map<String, String> options = new LinkedHashMap<>();
        if (prefix.length > 0) {
            options.put("prefix", new String(prefix, StandardCharsets.UTF_8));
        }
        if (database != DEFAULTS.database) {
            options.put("database", Integer.toString(database));
        }
        if (keepLabels) {
            options.put("keepLabels", "true");
        }
        if (keepUsage) {
            options.put("keepUsage", "true");
        }
        if (ttl != null) {
            options.put("ttl", Long.toString(ttl.toSeconds()));
        }
        if (maxValueSize != DEFAULTS.maxValueSize) {
            options.put("maxValueSize", Sizes.format(maxValueSize));
        }
        if (!lockExpiry.equals(DEFAULTS.lockExpiry)) {
            options.put("lockExpiry", Long.toString(lockExpiry.toSeconds()));
        }
        LeafOptions.printRemote(this, options);
        return LeafOptions.print("redis:" + host + ":" + port, options);
    }

    /** Names the server for logs and errors; the password never appears. */
    @Override
    public String toString() {
        return "redis://" + host + ":" + port + "/" + database;
    }
}
