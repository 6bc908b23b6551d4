package io.tarn.camel.backend.ssh;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import io.tarn.camel.backend.servers.SshTestServer;

/** An SSH server with SFTP and SCP, a known_hosts file that trusts it and a started CamelContext, for one test class. */
final class SshFixture implements AutoCloseable {
    final SshTestServer server;
    final Path knownHosts;
    final CamelContext camel;

    private SshFixture(SshTestServer server, Path knownHosts, CamelContext camel) {
        this.server = server;
        this.knownHosts = knownHosts;
        this.camel = camel;
    }

    /** Starts the server with its files, host key and known_hosts under {@code dir}. */
    static SshFixture start(Path dir) throws Exception {
        SshTestServer server = new SshTestServer(dir.resolve("server"));
        Path knownHosts = server.writeKnownHosts(dir.resolve("known_hosts"));
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        return new SshFixture(server, knownHosts, camel);
    }

    /** The test user's settings for the lake at {@code root} on this server, its host key trusted. */
    SshSettings settings(String root) {
        return SshSettings.of("127.0.0.1", SshTestServer.USER).withPort(server.port())
                .withPassword(SshTestServer.PASSWORD).withKnownHostsFile(knownHosts).withRoot(root);
    }

    /** An SFTP ("sftp") or SCP ("scp") location with these settings. */
    SshLocation open(String transport, SshSettings settings) {
        return "sftp".equals(transport) ? new SftpLocation(camel, settings) : new ScpLocation(camel, settings);
    }

    @Override
    public void close() throws Exception {
        camel.close();
        server.close();
    }
}
