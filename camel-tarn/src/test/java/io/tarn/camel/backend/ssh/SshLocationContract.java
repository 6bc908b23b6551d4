package io.tarn.camel.backend.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.camel.backend.RemoteLocation;
import io.tarn.location.Location;
import io.tarn.location.RemoteLocationContract;

/**
 * The remote location contract over SSH against an in-JVM server shared by a test class; each test gets a fresh lake
 * folder. SSH locations keep neither labels nor usage dates, as Python tarn's do.
 */
abstract class SshLocationContract extends RemoteLocationContract {
    private static final AtomicInteger LAKES = new AtomicInteger();

    @TempDir
    static Path dir;
    static SshFixture ssh;

    private SshSettings settings;

    /** The location under test, over SFTP or SCP. */
    protected abstract SshLocation create(CamelContext context, SshSettings settings);

    /** The root of the test's lake: relative to the login folder unless a subclass says otherwise. */
    protected String lakeRoot(int number) {
        return "lake-" + number;
    }

    @BeforeAll
    static void startServer_() throws Exception {
        ssh = SshFixture.start(dir);
    }

    @AfterAll
    static void stopServer_() throws Exception {
        ssh.close();
    }

    @Override
    protected Location createLocation() {
        settings = ssh.settings(lakeRoot(LAKES.incrementAndGet())).withRetryAfter(Duration.ofMillis(200));
        return create(ssh.camel, settings);
    }

    @Override
    protected RemoteLocation createFailFastLocation() {
        return create(ssh.camel, settings.withFailFast(true));
    }

    @Override
    protected void stopServer() throws Exception {
        ssh.server.stop();
    }

    @Override
    protected void startServer() throws Exception {
        ssh.server.start();
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
