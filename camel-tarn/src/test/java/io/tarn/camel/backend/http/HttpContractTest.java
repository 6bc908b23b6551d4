package io.tarn.camel.backend.http;

import java.nio.file.Path;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.camel.backend.RemoteLocation;
import io.tarn.camel.backend.SharedCamel;
import io.tarn.camel.backend.servers.NginxServer;
import io.tarn.location.Location;
import io.tarn.location.RemoteLocationContract;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remote location contract on an HTTP location in front of a real nginx that serves a disk lake: values are written
 * into that lake (HTTP is read-only) and read back over HTTP. nginx keeps neither labels nor usage dates.
 */
class HttpContractTest extends RemoteLocationContract {
    private static final CamelContext camel = SharedCamel.context();

    @TempDir
    Path temp;
    private NginxServer nginx;

    @Override
    protected Location createLocation() throws Exception {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"));
        nginx = NginxServer.serve(disk.root(), temp.resolve("nginx"));
        return new WritingThrough(disk, new HttpLocation(camel, HttpSettings.of(nginx.url())));
    }

    @AfterEach
    void stopNginx() throws Exception {
        if (location != null) {
            location.close();
            location = null;
        }
        nginx.close();
    }

    @Override
    protected boolean keepsLabels() {
        return false;
    }

    @Override
    protected boolean keepsUsage() {
        return false;
    }

    @Override
    protected void stopServer() {
        nginx.stop();
    }

    @Override
    protected void startServer() throws Exception {
        nginx.start();
    }

    @Override
    protected RemoteLocation createFailFastLocation() {
        return new HttpLocation(camel, HttpSettings.of(nginx.url()).withFailFast(true));
    }

    @Test
    void theHttpLocationItselfIsReadOnly() throws Exception {
        location.write(keyOf("served"), value("served"), Set.of()).orElseThrow().close();
        try (HttpLocation http = new HttpLocation(camel, HttpSettings.of(nginx.url()))) {
            assertThat(http.write(keyOf("new"), value("new"), Set.of())).as("write declines").isEmpty();
            assertThat(http.write(keyOf("served"), value("served"), Set.of())).isEmpty();
            assertThat(http.delete(keyOf("served"))).isFalse();
            assertThat(http.touch(keyOf("served"))).isFalse();
            assertThat(http.contains(keyOf("served"))).as("still served").isTrue();
            assertThat(http.contains(keyOf("new"))).isFalse();
        }
    }
}
