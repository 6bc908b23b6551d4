package io.tarn.camel.backend.redis;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import redis.clients.jedis.Jedis;

import io.tarn.camel.backend.servers.RedisServer;

/** A redis-server and a started CamelContext for one test class; {@link #jedis()} sees the raw keys. */
final class RedisFixture implements AutoCloseable {
    final RedisServer server;
    final CamelContext camel;

    private RedisFixture(RedisServer server, CamelContext camel) {
        this.server = server;
        this.camel = camel;
    }

    static RedisFixture start() throws Exception {
        RedisServer server = new RedisServer().start();
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        return new RedisFixture(server, camel);
    }

    /** Options pointing at this server. */
    RedisSettings options() {
        return RedisSettings.of(server.host(), server.port());
    }

    /** A plain client, independent of the location under test; the caller closes it. */
    Jedis jedis() {
        return new Jedis(server.host(), server.port());
    }

    void flush() {
        try (Jedis jedis = jedis()) {
            jedis.flushAll();
        }
    }

    @Override
    public void close() throws Exception {
        camel.close();
        server.close();
    }
}
