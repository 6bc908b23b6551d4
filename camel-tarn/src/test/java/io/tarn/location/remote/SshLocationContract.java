package io.tarn.location.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.tarn.location.Location;
import io.tarn.location.RemoteLocationContract;
import io.tarn.location.remote.servers.SshTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote location contract over SSH against an in-JVM server shared by a test class; each test gets a fresh lake
 * folder. SSH locations keep neither labels nor usage dates, as Python tarn's do.
 */
abstract class SshLocationContract extends RemoteLocationContract {
    private static final AtomicInteger LAKES = new AtomicInteger();

    @TempDir
    static Path dir;
    static SshTestServer server;
    static CamelContext context;
    static Path knownHosts;

    private SshSettings settings;

    /** The location under test, over SFTP or SCP. */
    protected abstract SshLocation create(CamelContext context, SshSettings settings);

    @BeforeAll
    static void startServer_() throws Exception {
        server = new SshTestServer(dir.resolve("server"));
        knownHosts = server.writeKnownHosts(dir.resolve("known_hosts"));
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterAll
    static void stopServer_() throws Exception {
        context.stop();
        server.close();
    }

    static SshSettings settings(String root) {
        return SshSettings.of("127.0.0.1", SshTestServer.USER).withPort(server.port())
                .withPassword(SshTestServer.PASSWORD).withKnownHostsFile(knownHosts).withRoot(root)
                .withRetryAfter(Duration.ofMillis(200));
    }

    @Override
    protected Location createLocation() {
        settings = settings("lake-" + LAKES.incrementAndGet());
        return create(context, settings);
    }

    @Override
    protected RemoteLocation createFailFastLocation() {
        return create(context, settings.withFailFast(true));
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
    protected boolean keepsLabels() {
        return false;
    }

    @Override
    protected boolean keepsUsage() {
        return false;
    }
}
