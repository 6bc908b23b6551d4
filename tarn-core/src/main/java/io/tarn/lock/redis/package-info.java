/**
 * Python tarn's {@code RedisLocker} and the Redis connection settings it shares with the Redis location, through
 * Spring Data Redis and Jedis (optional dependencies, loaded only when a lake asks for Redis).
 */
package io.tarn.lock.redis;
