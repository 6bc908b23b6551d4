package io.tarn.camel.backend.ssh;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFileExist;
import org.apache.camel.component.file.remote.RemoteFile;
import org.apache.camel.component.file.remote.SftpComponent;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.support.DefaultExchange;

import io.tarn.LocationException;
import io.tarn.Value;
import io.tarn.camel.backend.CamelTransport;

/**
 * A tarn lake on an SFTP server, through camel-ftp: writes go through the sftp producer (to a unique
 * {@code name.<id>.part} in the target folder, renamed into place, folders made on the way); reads, look-ups, listings
 * and deletes go through the endpoint's own remote file operations, streamed ({@code streamDownload}). Each read
 * stream holds one SFTP connection until it is closed; idle connections are kept for reuse.
 */
public final class SftpLocation extends SshLocation {
    private static final String PART = "CamelTarnPart";
    private static final int MAX_IDLE = 4;

    private final CamelContext context;
    private final SftpEndpoint endpoint;
    /** The sftp producer: writes. */
    private final CamelTransport sftp;
    private final ConcurrentLinkedDeque<SftpOperations> idle = new ConcurrentLinkedDeque<>();

    public SftpLocation(CamelContext context, SshSettings settings) {
        super(settings, "sftp");
        this.context = context;
        try {
            SftpComponent component = context.getComponent("sftp", SftpComponent.class);
            // created here, not through the context, so that it holds the password without it being in any URI;
            // no folder in it: camel-ftp would make an absolute one relative to the login folder, so every write
            // names its whole server path instead, the same path that reads, look-ups and deletes use
            endpoint = (SftpEndpoint) component.createEndpoint("sftp://" + settings.host() + ":" + settings.port());
            configure(endpoint);
            // started now: its remote file operations (reads, look-ups, listings) need it, its producer starts lazily
            endpoint.start();
            sftp = CamelTransport.over(context, endpoint);
        } catch (Exception e) {
            throw new LocationException("Cannot set up " + this + ": " + e.getMessage()
                                        + " (is camel-ftp on the classpath?)", e);
        }
    }

    private void configure(SftpEndpoint endpoint) {
        SftpConfiguration c = endpoint.getConfiguration();
        c.setUsername(settings.username());
        c.setPassword(settings.password());
        if (settings.privateKeyFile() != null) {
            c.setPrivateKeyFile(settings.privateKeyFile().toString());
            c.setPrivateKeyPassphrase(settings.privateKeyPassphrase());
        }
        c.setKnownHostsFile(settings.knownHostsFile() == null ? null : settings.knownHostsFile().toString());
        c.setUseUserKnownHostsFile(settings.useUserKnownHostsFile());
        c.setAutoCreateKnownHostsFile(false);
        c.setStrictHostKeyChecking(settings.strictHostKeyChecking() ? "yes" : "no");
        c.setConnectTimeout((int) settings.connectTimeout().toMillis());
        c.setStreamDownload(true);
        c.setBinary(true);
        // never change the working folder (it would stay changed when a call fails half-way): paths go to JSch whole,
        // so a relative one always starts at the login folder
        c.setStepwise(false);
        c.setExistDirCheckUsingLs(true);
        endpoint.setAutoCreate(true);
        // unique per write: two writers of one key must not share a temporary file
        endpoint.setTempFileName("${file:onlyname}.${header." + PART + "}.part");
        // Override with late deletion: the target only goes when a concurrent writer placed the same bytes first
        endpoint.setFileExist(GenericFileExist.Override);
        endpoint.setEagerDeleteTargetFile(false);
        endpoint.setMaximumReconnectAttempts(0);
        endpoint.setDisconnect(false);
    }

    @FunctionalInterface
    private interface Operation<T> {
        T apply(SftpOperations operations) throws Exception;
    }

    /** Runs one operation on a pooled connection; a dead pooled connection is replaced once. */
    private <T> T withConnection(Operation<T> operation) throws Exception {
        SftpOperations pooled = idle.pollFirst();
        if (pooled != null) {
            try {
                T result = operation.apply(pooled);
                release(pooled);
                return result;
            } catch (Exception e) {
                if (!lost(pooled, e)) {
                    release(pooled);
                    throw e;
                }
                discard(pooled);
            }
        }
        SftpOperations fresh = connect();
        try {
            T result = operation.apply(fresh);
            release(fresh);
            return result;
        } catch (Exception e) {
            if (lost(fresh, e)) {
                discard(fresh);
                throw new ConnectionLost(this + ": the connection broke: " + e.getMessage(), e);
            }
            release(fresh);
            throw e;
        }
    }

    private SftpOperations connect() {
        SftpOperations operations = (SftpOperations) endpoint.createRemoteFileOperations();
        operations.connect(endpoint.getConfiguration(), null);
        return operations;
    }

    private static boolean lost(SftpOperations operations, Throwable error) {
        if (!operations.isConnected()) {
            return true;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private void release(SftpOperations operations) {
        if (idle.size() < MAX_IDLE && operations.isConnected()) {
            idle.addFirst(operations);
        } else {
            discard(operations);
        }
    }

    private static void discard(SftpOperations operations) {
        try {
            operations.forceDisconnect();
        } catch (RuntimeException e) {
            // already gone
        }
    }

    private static boolean noSuchFile(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SftpException e && e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Optional<Stat> stat(String path) throws Exception {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return withConnection(operations -> {
            SftpRemoteFile<?>[] files;
            try {
                files = operations.listFiles(path);
            } catch (RuntimeException e) {
                if (noSuchFile(e)) {
                    return Optional.<Stat> empty();
                }
                throw e;
            }
            for (SftpRemoteFile<?> file : files) {
                if (".".equals(file.getFilename()) && file.isDirectory()) {
                    return Optional.of(new Stat(true, -1));
                }
                if (name.equals(file.getFilename())) {
                    return Optional.of(new Stat(file.isDirectory(), file.isDirectory() ? -1 : file.getFileLength()));
                }
            }
            return Optional.<Stat> empty();
        });
    }

    @Override
    protected InputStream open(String path) throws Exception {
        SftpOperations operations = idle.pollFirst();
        if (operations == null || !operations.isConnected()) {
            if (operations != null) {
                discard(operations);
            }
            operations = connect();
        }
        SftpOperations held = operations;
        Exchange exchange = new DefaultExchange(context);
        RemoteFile<SftpRemoteFile> target = new RemoteFile<>();
        exchange.setProperty(FileComponent.FILE_EXCHANGE_FILE, target);
        try {
            held.retrieveFile(path, exchange, -1);
        } catch (RuntimeException e) {
            if (lost(held, e)) {
                discard(held);
                throw new ConnectionLost(this + ": the connection broke: " + e.getMessage(), e);
            }
            release(held);
            throw e;
        }
        return new FilterInputStream((InputStream) target.getBody()) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    super.close();
                    release(held);
                } catch (IOException | RuntimeException e) {
                    discard(held);
                    throw e;
                }
            }
        };
    }

    @Override
    protected void store(String relative, Value value) throws Exception {
        String part = UUID.randomUUID().toString().substring(0, 8);
        String path = settings.path(relative);
        try (InputStream body = value.open()) {
            sftp.call(message -> {
                message.setHeader(Exchange.FILE_NAME, path);
                message.setHeader(PART, part);
                message.setBody(body);
            });
        } catch (Exception error) {
            String partPath = path + "." + part + ".part";
            try {
                // a write that broke half-way must not leave its part behind when the server is still there
                withConnection(operations -> operations.existsFile(partPath) && operations.deleteFile(partPath));
            } catch (Exception ignored) {
                error.addSuppressed(ignored);
            }
            throw error;
        }
    }

    @Override
    protected boolean remove(String path) throws Exception {
        return withConnection(operations -> {
            try {
                return operations.deleteFile(path);
            } catch (RuntimeException e) {
                if (noSuchFile(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    protected List<String> list(String folder) throws Exception {
        return withConnection(operations -> {
            List<String> names = new ArrayList<>();
            try {
                for (SftpRemoteFile<?> file : operations.listFiles(folder)) {
                    String name = file.getFilename();
                    if (!".".equals(name) && !"..".equals(name)) {
                        names.add(name);
                    }
                }
            } catch (RuntimeException e) {
                if (!noSuchFile(e)) {
                    throw e;
                }
            }
            return names;
        });
    }

    @Override
    public void close() {
        for (SftpOperations operations; (operations = idle.pollFirst()) != null; ) {
            discard(operations);
        }
        sftp.close();
    }
}
