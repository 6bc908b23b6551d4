/**
 * The Redis location through camel-spring-redis (tarn's key names, one round trip per read) and its redis: spec leaf.
 */
package io.tarn.camel.backend.redis;
