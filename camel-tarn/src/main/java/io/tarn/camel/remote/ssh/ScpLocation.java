package io.tarn.camel.remote.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import io.tarn.LocationException;
import io.tarn.Value;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.component.scp.ScpComponent;
import org.apache.camel.component.scp.ScpConfiguration;
import org.apache.camel.component.scp.ScpEndpoint;
import org.apache.camel.support.DefaultExchange;

/**
 * A tarn lake on an SSH server, written through camel-jsch's {@code scp:} producer and read with {@code scp -f} over
 * the JSch library it brings; look-ups, listings, folders, renames and deletes use JSch's SFTP channel (camel-jsch
 * only stores). camel-jsch buffers a whole value in memory and counts its length in an int, so values above
 * {@code maxValueSize} (256 MiB by default, at most {@value #MAX_LIMIT} bytes) are declined before anything is read
 * or sent, and the next location takes them. A value is stored under a unique {@code .part} name and renamed.
 */
public final class ScpLocation extends SshLocation {
    public static final long DEFAULT_MAX_VALUE_SIZE = 256L << 20;
    public static final long MAX_LIMIT = Integer.MAX_VALUE - 8;

    private final CamelContext context;
    private final long maxValueSize;
    private final ScpEndpoint endpoint;
    private final Producer producer;
    private final Object writing = new Object();
    private Session session;

    public ScpLocation(CamelContext context, SshSettings settings) {
        this(context, settings, DEFAULT_MAX_VALUE_SIZE);
    }

    /** @param maxValueSize the largest value to store, in bytes; larger ones are declined */
    public ScpLocation(CamelContext context, SshSettings settings, long maxValueSize) {
        super(settings, "scp");
        if (maxValueSize <= 0 || maxValueSize > MAX_LIMIT) {
            throw new IllegalArgumentException("maxValueSize must be between 1 and " + MAX_LIMIT
                                               + " bytes (camel-jsch holds a value in memory and counts it in an int), got " + maxValueSize);
        }
        this.context = context;
        this.maxValueSize = maxValueSize;
        try {
            ScpComponent component = context.getComponent("scp", ScpComponent.class);
            // created here, not through the context, so that it holds the password without it being in any URI
            endpoint = (ScpEndpoint) component.createEndpoint("scp://" + settings.host() + ":" + settings.port());
            ScpConfiguration c = endpoint.getConfiguration();
            // camel-jsch puts the folder into its 'scp -t FOLDER' command as it is: quoted as reads quote their paths,
            // so the shell expands nothing and a space stays a space
            c.setDirectory(ScpSource.quote(settings.root()));
            c.setUsername(settings.username());
            c.setPassword(settings.password());
            if (settings.privateKeyFile() != null) {
                c.setPrivateKeyFile(settings.privateKeyFile().toString());
                c.setPrivateKeyFilePassphrase(settings.privateKeyPassphrase());
            }
            c.setKnownHostsFile(settings.knownHostsFile() == null ? null : settings.knownHostsFile().toString());
            c.setUseUserKnownHostsFile(settings.useUserKnownHostsFile());
            c.setStrictHostKeyChecking(settings.strictHostKeyChecking() ? "yes" : "no");
            c.setConnectTimeout((int) settings.connectTimeout().toMillis());
            endpoint.start();
            producer = endpoint.createProducer();
            producer.start();
        } catch (Exception e) {
            throw new LocationException("Cannot set up " + this + ": " + e.getMessage()
                                        + " (is camel-jsch on the classpath?)", e);
        }
    }

    @Override
    public long maxValueSize() {
        return maxValueSize;
    }

    @FunctionalInterface
    private interface SftpCall<T> {
        T apply(ChannelSftp sftp) throws Exception;
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
            fresh.connect((int) settings.connectTimeout().toMillis());
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
    private <T> T withSftp(SftpCall<T> call) throws Exception {
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
                sftp.connect((int) settings.connectTimeout().toMillis());
                return call.apply(sftp);
            } catch (Exception e) {
                if (!lost(current, e)) {
                    throw e;
                }
                drop(current);
                if (attempt > 0 || !reused) {
                    throw new ConnectionLost(this + ": the connection broke: " + e.getMessage(), e);
                }
            } finally {
                if (sftp != null) {
                    sftp.disconnect();
                }
            }
        }
    }

    private static boolean lost(Session session, Throwable error) {
        return !session.isConnected() || broken(error);
    }

    private static boolean broken(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof JSchException && String.valueOf(t.getMessage()).contains("down")) {
                return true;
            }
        }
        return false;
    }

    private static boolean noSuchFile(SftpException e) {
        return e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE;
    }

    @Override
    protected Optional<Stat> stat(String path) throws Exception {
        return withSftp(sftp -> {
            try {
                SftpATTRS attributes = sftp.stat(path);
                return Optional.of(new Stat(attributes.isDir(), attributes.isDir() ? -1 : attributes.getSize()));
            } catch (SftpException e) {
                if (noSuchFile(e)) {
                    return Optional.<Stat> empty();
                }
                throw e;
            }
        });
    }

    @Override
    protected InputStream open(String path) throws Exception {
        Session current = session();
        try {
            return ScpSource.open(current, path, (int) settings.connectTimeout().toMillis());
        } catch (Exception e) {
            if (lost(current, e)) {
                drop(current);
                throw new ConnectionLost(this + ": the connection broke: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    protected void store(String relative, Value value) throws Exception {
        int slash = relative.lastIndexOf('/');
        String folder = slash < 0 ? "" : relative.substring(0, slash + 1);
        String part = folder + relative.substring(slash + 1) + "." + UUID.randomUUID().toString().substring(0, 8) + ".part";
        withSftp(sftp -> {
            makeFolders(sftp, folder);
            return null;
        });
        try {
            send(part, value);
        } catch (Exception e) {
            if (!broken(e)) {
                throw e;
            }
            // camel-jsch notices a dead session only by failing once: the retry reconnects
            send(part, value);
        }
        withSftp(sftp -> {
            try {
                sftp.rename(settings.path(part), settings.path(relative));
            } catch (SftpException e) {
                // a concurrent writer placed the same key first (same key, same bytes): keep theirs
                try {
                    sftp.stat(settings.path(relative));
                } catch (SftpException missing) {
                    throw e;
                }
            } finally {
                removeQuietly(sftp, settings.path(part));
            }
            return null;
        });
    }

    private void send(String part, Value value) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setHeader(Exchange.FILE_NAME, part);
        synchronized (writing) {
            // camel-jsch's operations keep the channel in a field: one write at a time
            try (InputStream body = value.open()) {
                exchange.getIn().setBody(body);
                producer.process(exchange);
            }
        }
        if (exchange.getException() != null) {
            Exception error = exchange.getException();
            try {
                withSftp(sftp -> removeQuietly(sftp, settings.path(part)));
            } catch (Exception ignored) {
                error.addSuppressed(ignored);
            }
            throw error;
        }
    }

    private static Void removeQuietly(ChannelSftp sftp, String path) {
        try {
            sftp.rm(path);
        } catch (SftpException e) {
            // gone already, or renamed into place
        }
        return null;
    }

    /** mkdir -p of the root and the key's folders (scp does not make the target folder); the deepest is asked first. */
    private void makeFolders(ChannelSftp sftp, String folder) throws SftpException {
        List<String> paths = new ArrayList<>();
        String root = settings.root();
        if (!".".equals(root)) {
            StringBuilder prefix = new StringBuilder(root.startsWith("/") ? "/" : "");
            for (String part : root.split("/")) {
                if (!part.isEmpty()) {
                    prefix.append(part);
                    paths.add(prefix.toString());
                    prefix.append('/');
                }
            }
        }
        StringBuilder sub = new StringBuilder();
        for (String part : folder.split("/")) {
            if (!part.isEmpty()) {
                sub.append(part);
                paths.add(settings.path(sub.toString()));
                sub.append('/');
            }
        }
        if (paths.isEmpty()) {
            return;
        }
        try {
            // most writes go to a folder that is there already: one round trip
            sftp.stat(paths.get(paths.size() - 1));
            return;
        } catch (SftpException missing) {
            // make what is missing, from the root down
        }
        for (String path : paths) {
            try {
                sftp.stat(path);
            } catch (SftpException missing) {
                try {
                    sftp.mkdir(path);
                } catch (SftpException e) {
                    sftp.stat(path); // made by a concurrent writer, else this throws
                }
            }
        }
    }

    @Override
    protected boolean remove(String path) throws Exception {
        return withSftp(sftp -> {
            try {
                sftp.rm(path);
                return true;
            } catch (SftpException e) {
                if (noSuchFile(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    protected List<String> list(String folder) throws Exception {
        return withSftp(sftp -> {
            List<String> names = new ArrayList<>();
            try {
                sftp.ls(folder, entry -> {
                    String name = entry.getFilename();
                    if (!".".equals(name) && !"..".equals(name)) {
                        names.add(name);
                    }
                    return ChannelSftp.LsEntrySelector.CONTINUE;
                });
            } catch (SftpException e) {
                if (!noSuchFile(e)) {
                    throw e;
                }
            }
            return names;
        });
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
        try {
            producer.stop();
            endpoint.stop();
        } catch (Exception e) {
            throw new LocationException("Could not close " + this + ": " + e.getMessage(), e);
        }
    }
}
