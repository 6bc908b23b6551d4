package io.tarn.camel.remote.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import io.tarn.HashAlgorithm;
import io.tarn.camel.remote.Reachability;

/**
 * How a {@link RedisLocation} reaches its server and what it keeps. The defaults are Python tarn's
 * {@code RedisLocation}: empty prefix, no labels, no usage dates, no ttl. A fluent, mutable builder: the location
 * copies what it needs when it is created.
 */
public final class RedisOptions {
    /** Redis's own limit for a string value (proto-max-bulk-len). */
    public static final long REDIS_MAX_VALUE = 512L << 20;

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

    public RedisOptions host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    public RedisOptions port(int port) {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("Redis port must be in 1..65535, not " + port);
        }
        this.port = port;
        return this;
    }

    /** The server's password (AUTH); never logged. */
    public RedisOptions password(String password) {
        this.password = password;
        return this;
    }

    /** The database number (SELECT). */
    public RedisOptions database(int database) {
        this.database = database;
        return this;
    }

    /** Prepended to every Redis key, as bytes (tarn encodes a str prefix as UTF-8). */
    public RedisOptions prefix(byte[] prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix").clone();
        return this;
    }

    public RedisOptions prefix(String prefix) {
        return prefix(prefix.getBytes(StandardCharsets.UTF_8));
    }

    /** Keep labels under {@code labels + prefix + key} (tarn's keep_labels). */
    public RedisOptions keepLabels(boolean keepLabels) {
        this.keepLabels = keepLabels;
        return this;
    }

    /** Keep usage dates under {@code usage_date + prefix + key} (tarn's keep_usage). */
    public RedisOptions keepUsage(boolean keepUsage) {
        this.keepUsage = keepUsage;
        return this;
    }

    /** Expiry of every key written, refreshed when the value is read or touched (tarn's ttl); null for none. */
    public RedisOptions ttl(Duration ttl) {
        if (ttl != null && ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("A Redis ttl is whole seconds, at least 1: " + ttl);
        }
        this.ttl = ttl;
        return this;
    }

    /** Values above this many bytes are declined, never loaded (Redis holds values in memory). */
    public RedisOptions maxValueSize(long maxValueSize) {
        if (maxValueSize < 0 || maxValueSize > REDIS_MAX_VALUE) {
            throw new IllegalArgumentException("maxValueSize must be in 0.." + REDIS_MAX_VALUE + " (Redis's limit), not "
                                               + maxValueSize);
        }
        this.maxValueSize = maxValueSize;
        return this;
    }

    /** How many keys one MGET of a batch read asks for (so at most that many values are in memory at once). */
    public RedisOptions batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Connect and read timeout. */
    public RedisOptions timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** An unreachable server raises a LocationException instead of a miss or a decline. */
    public RedisOptions failFast(boolean failFast) {
        this.failFast = failFast;
        return this;
    }

    /** While the server is down, calls within this time of the last failure skip it (default 2 s). */
    public RedisOptions retryAfter(Duration retryAfter) {
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        return this;
    }

    /** The digest whose size {@link RedisLocation#contents()} expects after the prefix. */
    public RedisOptions algorithm(HashAlgorithm algorithm) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        return this;
    }

    /**
     * How long a lock taken through {@link RedisLocation#locker()} (memoization's single flight across JVMs) outlives a
     * holder that died without releasing it; also the longest a waiter waits. Whole seconds, at least 1.
     */
    public RedisOptions lockExpiry(Duration expiry) {
        if (expiry == null || expiry.toSeconds() < 1 || expiry.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A Redis lockExpiry is whole seconds, at least 1: " + expiry);
        }
        this.lockExpiry = expiry;
        return this;
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

    public boolean failFast() {
        return failFast;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public HashAlgorithm algorithm() {
        return algorithm;
    }

    public Duration lockExpiry() {
        return lockExpiry;
    }

    /** Names the server for logs and errors; the password never appears. */
    @Override
    public String toString() {
        return "redis://" + host + ":" + port + "/" + database;
    }
}
