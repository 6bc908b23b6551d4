package io.tarn.camel.backend.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.tarn.camel.backend.RemoteLocation;
import io.tarn.location.RemoteLocationContract;

/** The remote location contract against a real redis-server, one server and one CamelContext per test class. */
abstract class RedisContractSupport extends RemoteLocationContract {
    static RedisFixture fixture;

    @BeforeAll
    static void startRedis() throws Exception {
        fixture = RedisFixture.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        fixture.close();
    }

    /** The options under test, without host, port and failFast. */
    protected abstract RedisSettings options();

    private RedisSettings onServer() {
        return options().withHost(fixture.server.host()).withPort(fixture.server.port());
    }

    @Override
    protected RedisLocation createLocation() {
        fixture.flush();
        return new RedisLocation(fixture.camel, onServer());
    }

    @Override
    protected void stopServer() throws Exception {
        fixture.server.stop();
    }

    @Override
    protected void startServer() throws Exception {
        fixture.server.start();
    }

    @Override
    protected RemoteLocation createFailFastLocation() {
        return new RedisLocation(fixture.camel, onServer().withFailFast(true));
    }
}
