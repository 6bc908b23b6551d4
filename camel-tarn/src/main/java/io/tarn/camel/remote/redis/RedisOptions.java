package io.tarn.camel.remote.redis;

import java.time.Duration;

import io.tarn.HashAlgorithm;

/**
 * The fluent, mutable builder of {@link RedisSettings} that {@link RedisLocation} took before every backend's options
 * became immutable settings with {@code with…} methods; each method sets the same option of {@link #settings()}.
 *
 * @deprecated use {@link RedisSettings} ({@code RedisSettings.defaults().withPrefix("lake:")...}) and
 * {@link RedisLocation#RedisLocation(org.apache.camel.CamelContext, RedisSettings)}
 */
@Deprecated
public final class RedisOptions {
    /** Redis's own limit for a string value (proto-max-bulk-len). */
    public static final long REDIS_MAX_VALUE = RedisSettings.REDIS_MAX_VALUE;

    private RedisSettings settings = RedisSettings.defaults();

    /** The settings as set so far. */
    public RedisSettings settings() {
        return settings;
    }

    public RedisOptions host(String value) {
        settings = settings.withHost(value);
        return this;
    }

    public RedisOptions port(int value) {
        settings = settings.withPort(value);
        return this;
    }

    public RedisOptions password(String value) {
        settings = settings.withPassword(value);
        return this;
    }

    public RedisOptions database(int value) {
        settings = settings.withDatabase(value);
        return this;
    }

    public RedisOptions prefix(byte[] value) {
        settings = settings.withPrefix(value);
        return this;
    }

    public RedisOptions prefix(String value) {
        settings = settings.withPrefix(value);
        return this;
    }

    public RedisOptions keepLabels(boolean value) {
        settings = settings.withKeepLabels(value);
        return this;
    }

    public RedisOptions keepUsage(boolean value) {
        settings = settings.withKeepUsage(value);
        return this;
    }

    public RedisOptions ttl(Duration value) {
        settings = settings.withTtl(value);
        return this;
    }

    public RedisOptions maxValueSize(long value) {
        settings = settings.withMaxValueSize(value);
        return this;
    }

    public RedisOptions batchSize(int value) {
        settings = settings.withBatchSize(value);
        return this;
    }

    public RedisOptions timeout(Duration value) {
        settings = settings.withTimeout(value);
        return this;
    }

    public RedisOptions failFast(boolean value) {
        settings = settings.withFailFast(value);
        return this;
    }

    public RedisOptions retryAfter(Duration value) {
        settings = settings.withRetryAfter(value);
        return this;
    }

    public RedisOptions algorithm(HashAlgorithm value) {
        settings = settings.withAlgorithm(value);
        return this;
    }

    public RedisOptions lockExpiry(Duration value) {
        settings = settings.withLockExpiry(value);
        return this;
    }

    String password() {
        return settings.password();
    }

    public String host() {
        return settings.host();
    }

    public int port() {
        return settings.port();
    }

    public int database() {
        return settings.database();
    }

    public byte[] prefix() {
        return settings.prefix();
    }

    public boolean keepLabels() {
        return settings.keepLabels();
    }

    public boolean keepUsage() {
        return settings.keepUsage();
    }

    public Duration ttl() {
        return settings.ttl();
    }

    public long maxValueSize() {
        return settings.maxValueSize();
    }

    public int batchSize() {
        return settings.batchSize();
    }

    public Duration timeout() {
        return settings.timeout();
    }

    public boolean failFast() {
        return settings.failFast();
    }

    public Duration retryAfter() {
        return settings.retryAfter();
    }

    public HashAlgorithm algorithm() {
        return settings.algorithm();
    }

    public Duration lockExpiry() {
        return settings.lockExpiry();
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
