package io.tarn.camel.backend.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import io.tarn.camel.backend.ssh.SshLocation.ConnectionLost;

/**
 * One JSch session to an SSH server, made on first use with the location's settings (key, known hosts, strict host-key
 * checking) and replaced when it dies. Runs calls on a fresh SFTP channel each, and opens {@code scp -f} streams: what
 * the SCP location does beside the sends of camel-jsch, whose producer only stores.
 */
final class JschSession implements AutoCloseable {
    /** A call on an SFTP channel. */
    @FunctionalInterface
    interface SftpCall<T> {
        T apply(ChannelSftp sftp) throws Exception;
    }

    private final SshSettings settings;
    private final String location;
    private Session session;

    /** @param location names the location in errors */
    JschSession(SshSettings settings, String location) {
        this.settings = settings;
        this.location = location;
    }

    private int timeout() {
        return (int) settings.connectTimeout().toMillis();
    }

    private synchronized Session session() throws JSchException {
        if (session == null || !session.isConnected()) {
            JSch jsch = new JSch();
            if (settings.privateKeyFile() != null) {
                jsch.addIdentity(settings.privateKeyFile().toString(), settings.privateKeyPassphrase());
            }
            String knownHosts = settings.knownHostsInUse();
            if (knownHosts != null && Files.exists(Path.of(knownHosts))) {
                jsch.setKnownHosts(knownHosts);
            }
            Session fresh = jsch.getSession(settings.username(), settings.host(), settings.port());
            if (settings.password() != null) {
                fresh.setPassword(settings.password());
            }
            fresh.setConfig("StrictHostKeyChecking", settings.strictHostKeyChecking() ? "yes" : "no");
            fresh.connect(timeout());
            session = fresh;
        }
        return session;
    }

    private synchronized void drop(Session dead) {
        dead.disconnect();
        if (session == dead) {
            session = null;
        }
    }

    /** Runs a call on a fresh SFTP channel; a session that died since its last use is replaced once. */
    <T> T sftp(SftpCall<T> call) throws Exception {
        for (int attempt = 0; ; attempt++) {
            Session current;
            boolean reused;
            synchronized (this) {
                reused = session != null && session.isConnected();
                current = session();
            }
            ChannelSftp sftp = null;
            try {
                sftp = (ChannelSftp) current.openChannel("sftp");
                sftp.connect(timeout());
                return call.apply(sftp);
            } catch (Exception e) {
                if (!lost(current, e)) {
                    throw e;
                }
                drop(current);
                if (attempt > 0 || !reused) {
                    throw new ConnectionLost(location + ": the connection broke: " + e.getMessage(), e);
                }
            } finally {
                if (sftp != null) {
                    sftp.disconnect();
                }
            }
        }
    }

    /** A stream over a stored file, by {@code scp -f}; the caller closes it. */
    InputStream scpFrom(String path) throws Exception {
        Session current = session();
        try {
            return ScpSource.open(current, path, timeout());
        } catch (Exception e) {
            if (lost(current, e)) {
                drop(current);
                throw new ConnectionLost(location + ": the connection broke: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static boolean lost(Session session, Throwable error) {
        return !session.isConnected() || broken(error);
    }

    /** Whether an error says the connection broke (rather than the server refusing a request). */
    static boolean broken(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof JSchException && String.valueOf(t.getMessage()).contains("down")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }
}
