package io.tarn.lock.redis;

import java.time.Duration;
import java.util.Objects;

import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Where a Redis server is and how to log in to it. Immutable; {@link #toString()} names the server as
 * {@code redis://host:port/db} and never shows the password.
 */
public final class RedisAddress {
    /** Connect and read timeout when none is given (Jedis's own default). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final String host;
    private final int port;
    private final int database;
    private final String username;
    private final String password;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final boolean ssl;

    private RedisAddress(String host, int port, int database, String username, String password, Duration connectTimeout,
                         Duration readTimeout, boolean ssl) {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("A Redis port is in 1..65535, not " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("A Redis database number is 0 or more, not " + database);
        }
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.database = database;
        this.username = username;
        this.password = password;
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.ssl = ssl;
    }

    public static RedisAddress of(String host, int port) {
        return new RedisAddress(host, port, 0, null, null, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, false);
    }

    public RedisAddress database(int number) {
        return new RedisAddress(host, port, number, username, password, connectTimeout, readTimeout, ssl);
    }

    /** AUTH with a password, and a user name for Redis 6 ACLs (null for the default user). */
    public RedisAddress login(String user, String secret) {
        return new RedisAddress(host, port, database, user, secret, connectTimeout, readTimeout, ssl);
    }

    public RedisAddress timeouts(Duration connect, Duration read) {
        return new RedisAddress(host, port, database, username, password, connect, read, ssl);
    }

    public RedisAddress ssl(boolean on) {
        return new RedisAddress(host, port, database, username, password, connectTimeout, readTimeout, on);
    }

    /** A started, pooled connection factory to this server; the caller destroys it. */
    public JedisConnectionFactory connect() {
        RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(host, port);
        standalone.setDatabase(database);
        if (username != null) {
            standalone.setUsername(username);
        }
        if (password != null) {
            standalone.setPassword(RedisPassword.of(password));
        }
        JedisClientConfiguration.JedisClientConfigurationBuilder client = JedisClientConfiguration.builder();
        if (ssl) {
            client = client.useSsl().and();
        }
        JedisConnectionFactory factory = new JedisConnectionFactory(standalone, client.connectTimeout(connectTimeout)
                .readTimeout(readTimeout).usePooling().build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    @Override
    public String toString() {
        return (ssl ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }
}
