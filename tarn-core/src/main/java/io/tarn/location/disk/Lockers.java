package io.tarn.location.disk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.tarn.LocationSpecException;
import io.tarn.format.LockerConfig;
import io.tarn.location.Locker;
import io.tarn.lock.redis.RedisAddress;
import io.tarn.lock.redis.RedisLocker;

/** Opens the locker a disk lake's {@code config.yml} names ({@link LockerConfig}). */
final class Lockers {
    private Lockers() {
    }

    /**
     * The locks this config asks for: {@link Locker#NONE} for DummyLocker and GlobalThreadLocker, a {@link RedisLocker}
     * with connections of its own for RedisLocker (closed with it).
     *
     * @param owner what is locked, for messages: "the disk lake at /data/lake"
     * @throws LocationSpecException when RedisLocker is asked for and Spring Data Redis or Jedis is not on the class path
     */
    static Locker open(LockerConfig config, String owner) {
        if (!config.isRedis()) {
            return Locker.NONE;
        }
        for (String needed : List.of("org.springframework.data.redis.core.RedisTemplate", "redis.clients.jedis.Jedis")) {
            try {
                Class.forName(needed, false, Lockers.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new LocationSpecException(owner + " is configured with locker RedisLocker (config.yml), which needs "
                                                + "org.apache.camel:camel-spring-redis on the class path (it brings Spring"
                                                + " Data Redis and Jedis; " + needed + " is missing): add it to your"
                                                + " dependencies", e);
            }
        }
        return openRedis(config, owner);
    }

    private static Locker openRedis(LockerConfig config, String owner) {
        Function<String, Object> redis = config::redisParameter;
        Object host = redis.apply("host");
        Object port = redis.apply("port");
        Object db = redis.apply("db");
        RedisAddress address = RedisAddress.of(host == null ? "localhost" : (String) host, port == null ? 6379 : (Integer) port)
                .database(db == null ? 0 : (Integer) db)
                .login((String) redis.apply("username"), (String) redis.apply("password"))
                .timeouts(seconds(redis.apply("socket_connect_timeout")), seconds(redis.apply("socket_timeout")))
                .ssl(Boolean.TRUE.equals(redis.apply("ssl")));
        Object prefix = redis.apply("prefix");
        byte[] bytes = prefix instanceof byte[] raw ? raw : ((String) prefix).getBytes(StandardCharsets.UTF_8);
        return RedisLocker.connect(address, bytes, (Integer) redis.apply("expire"), owner);
    }

    private static Duration seconds(Object value) {
        return value == null ? RedisAddress.DEFAULT_TIMEOUT : Duration.ofNanos((long) (((Number) value).doubleValue() * 1e9));
    }
}
