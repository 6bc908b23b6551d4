package io.tarn.camel.backend.ssh;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.scp.ScpComponent;
import org.apache.camel.component.scp.ScpConfiguration;
import org.apache.camel.component.scp.ScpEndpoint;

import io.tarn.LocationException;
import io.tarn.Value;
import io.tarn.camel.backend.CamelTransport;
import io.tarn.format.Sizes;

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

    private final long maxValueSize;
    /** camel-jsch's scp producer: sends only. */
    private final CamelTransport scp;
    /** Reads ({@code scp -f}) and SFTP channels for what scp cannot do, on one JSch session. */
    private final JschSession session;
    private final SftpChannelFiles files;
    private final Object writing = new Object();

    /** Its {@code maxValueSize} when it is not the default. */
    @Override
    protected Map<String, String> specOptions() {
        return maxValueSize == DEFAULT_MAX_VALUE_SIZE ? Map.of() : Map.of("maxValueSize", Sizes.format(maxValueSize));
    }

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
        this.maxValueSize = maxValueSize;
        this.session = new JschSession(settings, toString());
        this.files = new SftpChannelFiles(session, settings);
        try {
            ScpComponent component = context.getComponent("scp", ScpComponent.class);
            // created here, not through the context, so that it holds the password without it being in any URI
            ScpEndpoint endpoint = (ScpEndpoint) component.createEndpoint("scp://" + settings.host() + ":" + settings.port());
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
            scp = CamelTransport.over(context, endpoint);
        } catch (Exception e) {
            throw new LocationException("Cannot set up " + this + ": " + e.getMessage()
                                        + " (is camel-jsch on the classpath?)", e);
        }
    }

    @Override
    public long maxValueSize() {
        return maxValueSize;
    }

    @Override
    protected Optional<Stat> stat(String path) throws Exception {
        return files.stat(path);
    }

    @Override
    protected InputStream open(String path) throws Exception {
        return session.scpFrom(path);
    }

    @Override
    protected void store(String relative, Value value) throws Exception {
        int slash = relative.lastIndexOf('/');
        String folder = slash < 0 ? "" : relative.substring(0, slash + 1);
        String part = folder + relative.substring(slash + 1) + "." + UUID.randomUUID().toString().substring(0, 8) + ".part";
        files.makeFolders(folder);
        try {
            send(part, value);
        } catch (Exception e) {
            if (!JschSession.broken(e)) {
                throw e;
            }
            // camel-jsch notices a dead session only by failing once: the retry reconnects
            send(part, value);
        }
        files.place(part, relative);
    }

    private void send(String part, Value value) throws Exception {
        try {
            synchronized (writing) {
                // camel-jsch's operations keep the channel in a field: one write at a time
                try (InputStream body = value.open()) {
                    scp.call(message -> {
                        message.setHeader(Exchange.FILE_NAME, part);
                        message.setBody(body);
                    });
                }
            }
        } catch (Exception error) {
            try {
                files.removeQuietly(settings.path(part));
            } catch (Exception ignored) {
                error.addSuppressed(ignored);
            }
            throw error;
        }
    }

    @Override
    protected boolean remove(String path) throws Exception {
        return files.remove(path);
    }

    @Override
    protected List<String> list(String folder) throws Exception {
        return files.list(folder);
    }

    @Override
    public void close() {
        session.close();
        scp.close();
    }
}
