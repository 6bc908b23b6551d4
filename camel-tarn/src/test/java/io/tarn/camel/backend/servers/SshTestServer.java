package io.tarn.camel.backend.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.file.root.RootedFileSystem;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.file.root.RootedPath;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An SSH server inside the test JVM (Apache MINA SSHD) with SFTP and SCP, on an ephemeral loopback port, for one user
 * with a password. It is laid out as a real server is: the folder {@link #root()} stands for the server's "/", and the
 * user logs in to {@value #HOME} inside it, so a path relative to the login folder and an absolute one name different
 * places, as they do on a real server. Its host key lives in a file, so a restart on the same port presents the same
 * key, as a real server does.
 */
public final class SshTestServer implements AutoCloseable {
    public static final String USER = "tarn";
    public static final String PASSWORD = "s3cret-Pa55word";
    /** The user's login (home) folder, as the server names it. */
    public static final String HOME = "/home/" + USER;

    private final Path root;
    private final Path hostKey;
    private SshServer server;
    private int port;

    public SshTestServer(Path dir) throws IOException {
        this.root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(onDisk(HOME));
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
        sshd.setFileSystemFactory(new LoginFolderFileSystem(root, HOME));
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

    /** The folder the server serves as "/". */
    public Path root() {
        return root;
    }

    /** The login folder on disk. */
    public Path home() {
        return onDisk(HOME);
    }

    /** Where a path the server is given lives on disk: an absolute one under "/", a relative one under the login folder. */
    public Path onDisk(String serverPath) {
        String absolute = serverPath.startsWith("/") ? serverPath : HOME + "/" + serverPath;
        return root.resolve(absolute.substring(1)).normalize();
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

    /**
     * A file system whose "/" is a folder on disk and whose working folder is the login folder: relative paths, given
     * to SFTP or to an scp command, start there, as a real server starts them in the user's home.
     */
    private record LoginFolderFileSystem(Path root, String home) implements FileSystemFactory {
        @Override
        public Path getUserHomeDir(SessionContext session) throws IOException {
            return createFileSystem(session).getPath(home);
        }

        @Override
        public FileSystem createFileSystem(SessionContext session) {
            return new RootedFileSystem(new RootedFileSystemProvider(), root, Map.of()) {
                @Override
                public RootedPath getDefaultDir() {
                    return getPath(home);
                }
            };
        }
    }
}
