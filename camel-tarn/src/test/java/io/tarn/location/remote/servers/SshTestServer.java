package io.tarn.location.remote.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An SSH server inside the test JVM (Apache MINA SSHD) with SFTP and SCP, on an ephemeral loopback port, serving
 * {@code root} to one user with a password. Its host key lives in a file, so a restart on the same port presents
 * the same key, as a real server does.
 */
public final class SshTestServer implements AutoCloseable {
    public static final String USER = "tarn";
    public static final String PASSWORD = "s3cret-Pa55word";

    private final Path root;
    private final Path hostKey;
    private SshServer server;
    private int port;

    public SshTestServer(Path dir) throws IOException {
        this.root = Files.createDirectories(dir.resolve("root"));
        this.hostKey = dir.resolve("host-key.ser");
        start();
    }

    public synchronized void start() throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setCommandFactory(new ScpCommandFactory());
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        port = sshd.getPort();
        server = sshd;
    }

    public synchronized void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    public int port() {
        return port;
    }

    /** The folder the server serves as "/" (and as the login folder). */
    public Path root() {
        return root;
    }

    /** Writes a known_hosts file that trusts this server's host key. */
    public Path writeKnownHosts(Path file) throws Exception {
        StringBuilder text = new StringBuilder();
        for (KeyPair pair : server.getKeyPairProvider().loadKeys(null)) {
            text.append("[127.0.0.1]:").append(port).append(' ').append(PublicKeyEntry.toString(pair.getPublic())).append('\n');
        }
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return file;
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
