package io.tarn.location.remote;

import io.tarn.location.RemoteLocationContract;
import io.tarn.location.remote.servers.RedisServer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.Jedis;

/** The remote location contract against a real redis-server, one server and one CamelContext per test class. */
abstract class RedisContractSupport extends RemoteLocationContract {
    static RedisServer server;
    static CamelContext camel;

    @BeforeAll
    static void startRedis() throws Exception {
        server = new RedisServer().start();
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        camel.close();
        server.close();
    }

    /** The options under test, without host, port and failFast. */
    protected abstract RedisOptions options();

    private RedisOptions onServer() {
        return options().host(server.host()).port(server.port());
    }

    @Override
    protected RedisLocation createLocation() {
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            jedis.flushAll();
        }
        return new RedisLocation(camel, onServer());
    }

    @Override
    protected void stopServer() throws Exception {
        server.stop();
    }

    @Override
    protected void startServer() throws Exception {
        server.start();
    }

    @Override
    protected RemoteLocation createFailFastLocation() {
        return new RedisLocation(camel, onServer().failFast(true));
    }
}
