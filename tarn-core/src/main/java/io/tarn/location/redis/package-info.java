/**
 * What talks to a Redis server through Spring Data Redis and Jedis alone, without Camel: Python tarn's {@code
 * RedisLocker} and the connections it and the Redis location open. Needs Spring Data Redis and Jedis (optional
 * dependencies; camel-spring-redis brings both) on the class path; nothing here is loaded until a lake asks for it.
 */
package io.tarn.location.redis;
