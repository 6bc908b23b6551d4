package io.tarn.camel.backend.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.component.redis.RedisConstants;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.serializer.RedisSerializer;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.camel.backend.CamelTransport;
import io.tarn.lock.redis.RedisAddress;

/**
 * The Redis commands a {@link RedisLocation} needs, sent through Camel's {@code spring-redis} producer over a
 * {@link RedisTemplate} that moves raw bytes both ways (nothing is Java-serialized). Camel's producer takes keys as
 * Strings, so a key travels as a Latin-1 String: one char per byte, which maps every byte sequence and back exactly.
 * The producer has no SCAN and no pipelining: {@link #scan} and {@link #pipelined} use the same template's connection
 * directly. Every method may throw the transport's exceptions; {@link #isOutage} tells which mean "unreachable".
 */
final class RedisCommands implements AutoCloseable {
    /** Keys as raw bytes: byte[] as is, Strings from Camel headers as Latin-1. */
    private static final RedisSerializer<Object> RAW_KEYS = new RedisSerializer<>() {
        @Override
        public byte[] serialize(Object key) {
            return key instanceof byte[] bytes ? bytes : key == null ? null : key.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public Object deserialize(byte[] bytes) {
            return bytes;
        }
    };

    private final String server;
    private final JedisConnectionFactory factory;
    private final RedisTemplate<Object, Object> template;
    private final CamelContext camel;
    private final String templateName;
    private final CamelTransport redis;

    RedisCommands(CamelContext camel, RedisSettings options) {
        this.server = options.toString();
        this.factory = RedisAddress.of(options.host(), options.port()).database(options.database())
                .login(null, options.password()).timeouts(options.timeout(), options.timeout()).connect();
        this.template = new RedisTemplate<>();
        template.setConnectionFactory(factory);
        template.setEnableDefaultSerializer(false);
        template.setKeySerializer(RAW_KEYS);
        template.setHashKeySerializer(RAW_KEYS);
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setHashValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        this.camel = camel;
        this.templateName = "tarnRedisTemplate-" + UUID.randomUUID();
        camel.getRegistry().bind(templateName, RedisTemplate.class, template);
        CamelTransport transport = null;
        try {
            // this location's own endpoint (its template is its own), not registered in the context
            transport = CamelTransport.over(camel, camel.getComponent("spring-redis", true).createEndpoint(
                    "spring-redis:" + options.host() + ":" + options.port() + "?redisTemplate=#" + templateName));
        } catch (Exception e) {
            factory.destroy();
            camel.getRegistry().unbind(templateName);
            throw new LocationSpecException("Could not create the spring-redis producer for " + options + ": " + e, e);
        }
        this.redis = transport;
    }

    /** The connections this location talks through, for a {@link io.tarn.lock.redis.RedisLocker} to share. */
    JedisConnectionFactory connections() {
        return factory;
    }

    byte[] get(byte[] key) throws Exception {
        return (byte[]) send("GET", Map.of(RedisConstants.KEY, text(key)));
    }

    /** The values of the keys, in order, null for the absent ones: one MGET. */
    List<byte[]> mget(List<byte[]> keys) throws Exception {
        List<String> fields = keys.stream().map(RedisCommands::text).toList();
        List<?> values = (List<?>) send("MGET", Map.of(RedisConstants.FIELDS, fields));
        List<byte[]> out = new ArrayList<>(values.size());
        values.forEach(value -> out.add((byte[]) value));
        return out;
    }

    /** SETNX: whether the key was absent and is now set. */
    boolean setIfAbsent(byte[] key, byte[] value) throws Exception {
        return Boolean.TRUE.equals(send("SETNX", Map.of(RedisConstants.KEY, text(key), RedisConstants.VALUE, value)));
    }

    /** SET, or SETEX when ttl is given. */
    void set(byte[] key, byte[] value, Duration ttl) throws Exception {
        if (ttl == null) {
            send("SET", Map.of(RedisConstants.KEY, text(key), RedisConstants.VALUE, value));
        } else {
            send("SETEX", Map.of(RedisConstants.KEY, text(key), RedisConstants.VALUE, value,
                    RedisConstants.TIMEOUT, ttl.toSeconds()));
        }
    }

    /** EXPIRE: whether the key exists. */
    boolean expire(byte[] key, Duration ttl) throws Exception {
        return Boolean.TRUE.equals(send("EXPIRE", Map.of(RedisConstants.KEY, text(key), RedisConstants.TIMEOUT, ttl.toSeconds())));
    }

    boolean exists(byte[] key) throws Exception {
        return Boolean.TRUE.equals(send("EXISTS", Map.of(RedisConstants.KEY, text(key))));
    }

    long strlen(byte[] key) throws Exception {
        return ((Number) send("STRLEN", Map.of(RedisConstants.KEY, text(key)))).longValue();
    }

    void del(byte[]... keys) throws Exception {
        send("DEL", Map.of(RedisConstants.KEYS, Arrays.stream(keys).map(RedisCommands::text).toList()));
    }

    /** Sends the commands in one round trip (the producer cannot pipeline: the template's connection does). */
    void pipelined(Consumer<RedisConnection> commands) throws Exception {
        try {
            template.executePipelined((RedisCallback<Object>) connection -> {
                commands.accept(connection);
                return null;
            });
        } catch (RuntimeException e) {
            throw explained(e);
        }
    }

    /** SCAN over the keys matching the glob pattern (the producer has no SCAN); the caller closes the cursor. */
    Cursor<Object> scan(byte[] pattern) throws Exception {
        try {
            return template.scan(ScanOptions.scanOptions().match(pattern).count(1000).build());
        } catch (RuntimeException e) {
            throw explained(e);
        }
    }

    private Object send(String command, Map<String, Object> headers) throws Exception {
        try {
            return redis.call(message -> {
                message.setHeaders(new HashMap<>(headers));
                message.setHeader(RedisConstants.COMMAND, command);
                // a null result leaves the body as it was: start from none, so a miss reads as null
                message.setBody(null);
            }).getBody();
        } catch (Exception e) {
            throw explained(e);
        }
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether the throwable is one of Spring Data Redis's or Jedis's "cannot reach the server" errors. A connection
     * that failed because the server answered with an error (a refused password, a database that does not exist) is
     * not an outage: waiting will not fix it.
     */
    static boolean isOutage(Throwable thrown) {
        return (thrown instanceof DataAccessResourceFailureException || thrown instanceof JedisConnectionException)
               && refusal(thrown) == null;
    }

    /** The server's error answer in the cause chain, if there is one. */
    private static JedisDataException refusal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JedisDataException answer) {
                return answer;
            }
        }
        return null;
    }

    /** Names the server's answer when it refused the connection, so the message says what to fix. */
    private Exception explained(Exception e) {
        JedisDataException answer = refusal(e);
        if (e instanceof DataAccessResourceFailureException && answer != null) {
            return new LocationException(server + " refused the connection: " + answer.getMessage()
                                         + " (check the password and the database number)", e);
        }
        return e;
    }

    @Override
    public void close() {
        try {
            redis.close();
        } catch (RuntimeException e) {
            // closing must not fail: the connections are released below either way
        } finally {
            camel.getRegistry().unbind(templateName);
            factory.destroy();
        }
    }
}
