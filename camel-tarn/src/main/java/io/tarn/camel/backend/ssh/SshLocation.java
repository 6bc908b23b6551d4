package io.tarn.camel.backend.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;

import io.tarn.BoundedRead;
import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.Value;
import io.tarn.camel.backend.Reachability;
import io.tarn.camel.backend.RemoteLocation;
import io.tarn.format.DiskConfig;
import io.tarn.format.KeyLayout;
import io.tarn.format.LakeFormat;
import io.tarn.location.Collisions;
import io.tarn.location.Entry;

/**
 * A tarn disk lake on an SSH server, what SFTP and SCP share. As Python tarn's SSH locations do, it reads the root's
 * {@code config.yml} once for the levels and the hash; while the root has none, every key is a miss. A write to a
 * root without config.yml creates it with tarn's default text, so the folder is a tarn lake either way. Keeps no
 * labels and no usage dates (Python tarn's SSH locations keep none): labels are dropped, touch only tells whether the
 * key is there. Writes are all-or-nothing: a transport stores under a temporary name and renames.
 */
public abstract class SshLocation implements RemoteLocation {

    protected final SshSettings settings;
    private final String scheme;
    private final Reachability reachability;
    private final LakeFormat.Once config = new LakeFormat.Once(this::readConfig);

    protected SshLocation(SshSettings settings, String scheme) {
        this.settings = settings;
        this.scheme = scheme;
        this.reachability = new Reachability(settings.describe(scheme), settings,
                SshLocation::isConnectionLost);
    }

    /** A regular file's size, or a folder (size -1): what a path holds on the server. */
    protected record Stat(boolean folder, long size) {
    }

    /** What the path holds, or empty when there is nothing. */
    protected abstract Optional<Stat> stat(String path) throws Exception;

    /** A stream over a stored file; the caller closes it. */
    protected abstract InputStream open(String path) throws Exception;

    /**
     * Stores the value at {@code relative} under the root so that it appears whole or not at all, creating folders
     * as needed and leaving no temporary file behind.
     */
    protected abstract void store(String relative, Value value) throws Exception;

    protected abstract boolean remove(String path) throws Exception;

    /** The names in a folder (no "." or ".."), or an empty list when the folder does not exist. */
    protected abstract List<String> list(String folder) throws Exception;

    /** The largest value this transport takes; larger ones are declined before anything is read or sent. */
    protected long maxValueSize() {
        return Long.MAX_VALUE;
    }

    @Override
    public Reachability reachability() {
        return reachability;
    }

    /** A server call: outages become {@code whenDown}; host-key and login problems become clear errors. */
    protected <T> T call(String what, Reachability.Call<T> call, Supplier<T> whenDown) {
        return reachability.call(what, () -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw explain(e);
            }
        }, whenDown);
    }

    private Exception explain(Exception error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof JSchException && message.contains("HostKey")) {
                String file = settings.knownHostsInUse();
                return new LocationException(reachability.location() + ": the server's host key is unknown or has"
                        + " changed (" + message + "), and strict host-key checking is on. If the server is the one you"
                        + " expect, add its key to " + (file == null ? "a known_hosts file (knownHostsFile)" : file)
                        + ", e.g. ssh-keyscan -p " + settings.port() + " " + settings.host() + " >> "
                        + (file == null ? "known_hosts" : file), error);
            }
            if (t instanceof JSchException && message.startsWith("Auth")) {
                return new LocationException(reachability.location() + ": the server refused the login of user '"
                        + settings.username() + "' (" + message + "); check the password or private key", error);
            }
        }
        return error;
    }

    /** The connection broke under a call: an outage, like a refused connection. */
    protected static final class ConnectionLost extends IOException {
        public ConnectionLost(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Whether an error says the SSH session or channel went away: also what JSch says when the server closes the
     * channel under an upload ({@code inputstream is closed}, through an {@code SftpException}).
     */
    private static boolean isConnectionLost(Throwable t) {
        String message = String.valueOf(t.getMessage());
        return t instanceof ConnectionLost
               || t instanceof JSchException && message.contains("session is down")
               || (t instanceof IOException || t instanceof SftpException) && message.contains("inputstream is closed");
    }

    /** The lake's config.yml, read once; empty while the root has none. */
    private Optional<LakeFormat> config() throws Exception {
        return config.get();
    }

    private Optional<LakeFormat> readConfig() throws Exception {
        String path = settings.path(DiskConfig.FILE_NAME);
        Optional<Stat> stat = stat(path);
        if (stat.isEmpty() || stat.get().folder()) {
            return Optional.empty();
        }
        if (stat.get().size() > DiskConfig.MAX_BYTES) {
            throw new LocationSpecException(reachability.location() + ": " + path + " is " + stat.get().size()
                                            + " bytes, too large for a tarn config.yml (at most " + DiskConfig.MAX_BYTES
                                            + " bytes); check the lake's root");
        }
        try (InputStream in = open(path)) {
            return Optional.of(LakeFormat.read(in, reachability.location() + "/" + DiskConfig.FILE_NAME));
        }
    }

    private LakeFormat configOrCreate() throws Exception {
        Optional<LakeFormat> existing = config();
        if (existing.isPresent()) {
            return existing.get();
        }
        store(DiskConfig.FILE_NAME, Value.of(DiskConfig.defaults().toYaml().getBytes(StandardCharsets.UTF_8)));
        // another writer may have created a different one first: theirs is the one in place
        return config().orElseThrow(() -> new LocationException(reachability.location() + ": "
                + DiskConfig.FILE_NAME + " vanished right after it was written", null));
    }

    private String relativeOf(Key key, LakeFormat config) {
        return config.relative(key, reachability.location());
    }

    /** Where the key's bytes are, following Python tarn's legacy layout (a folder holding 'data'). */
    private Optional<Stored> find(Key key) throws Exception {
        Optional<LakeFormat> config = config();
        if (config.isEmpty()) {
            return Optional.empty();
        }
        return find(relativeOf(key, config.get()));
    }

    /** Where the bytes of the key at {@code relative} (its path under the root) are. */
    private Optional<Stored> find(String relative) throws Exception {
        return LakeFormat.<String, Stat, Exception>find(settings.path(relative), this::stat, Stat::folder,
                (folder, name) -> folder + "/" + name).map(found -> new Stored(found.path(), found.stat().size()));
    }

    private record Stored(String path, long size) {
    }

    @Override
    public Optional<Value> read(Key key) {
        return call("read " + key.hex(), () -> find(key).map(s -> (Value) new RemoteValue(s.path(), s.size())),
                Optional::empty);
    }

    @Override
    public boolean contains(Key key) {
        return call("look up " + key.hex(), () -> find(key).isPresent(), () -> false);
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        long stated = value.size();
        // a value of unknown size is read through only when there is a bound to enforce; without one it stays -1
        long size = stated >= 0 || maxValueSize() == Long.MAX_VALUE ? stated : measure(value);
        if (size > maxValueSize()) {
            return Optional.empty();
        }
        return call("write " + key.hex(), () -> {
            String relative = relativeOf(key, configOrCreate());
            Optional<Stored> existing = find(relative);
            if (existing.isPresent()) {
                checkSame(key, value, existing.get());
                return Optional.of(new RemoteValue(existing.get().path(), existing.get().size()));
            }
            store(relative, value);
            return Optional.of(new RemoteValue(settings.path(relative), size));
        }, reachability::declined);
    }

    private long measure(Value value) {
        try {
            return BoundedRead.size(value, maxValueSize());
        } catch (IOException e) {
            throw new LocationException("Cannot read the value to write to " + reachability.location() + ": " + e, e);
        }
    }

    private void checkSame(Key key, Value value, Stored existing) throws Exception {
        Collisions.check(key, value, existing.size(), () -> open(existing.path()), reachability.location());
    }

    @Override
    public boolean delete(Key key) {
        return call("delete " + key.hex(), () -> {
            Optional<Stored> existing = find(key);
            return existing.isPresent() && remove(existing.get().path());
        }, () -> false);
    }

    /** No usage dates are kept over SSH: says whether the key is there. */
    @Override
    public boolean touch(Key key) {
        return contains(key);
    }

    @Override
    public Optional<HashAlgorithm> algorithm() {
        return call("read " + DiskConfig.FILE_NAME, () -> config().map(c -> c.config().hash()), Optional::empty);
    }

    @Override
    public Stream<Entry> contents() {
        Optional<LakeFormat> config = call("read " + DiskConfig.FILE_NAME, this::config, Optional::empty);
        if (config.isEmpty()) {
            return Stream.empty();
        }
        KeyLayout layout = config.get().layout();
        HashAlgorithm algorithm = config.get().algorithm();
        int[] widths = layout.widths(algorithm);
        return walk("", 0, widths)
                .map(relative -> layout.parse(relative, algorithm))
                .flatMap(Optional::stream)
                .map(key -> new Entry(key, this));
    }

    /** The relative paths at the layout's depth, listing one folder at a time as the stream is consumed. */
    private Stream<String> walk(String prefix, int depth, int[] widths) {
        String folder = prefix.isEmpty() ? settings.root() : settings.path(prefix.substring(0, prefix.length() - 1));
        List<String> names = call("list " + folder, () -> list(folder), List::of);
        Stream<String> matching = names.stream().filter(name -> name.length() == widths[depth]);
        if (depth == widths.length - 1) {
            return matching.map(name -> prefix + name);
        }
        return matching.flatMap(name -> walk(prefix + name + "/", depth + 1, widths));
    }

    /** A stored value: each open() fetches it again, so it can be read any number of times. */
    private final class RemoteValue implements Value {
        private final String path;
        private final long size;

        RemoteValue(String path, long size) {
            this.path = path;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public InputStream open() throws IOException {
            try {
                return SshLocation.this.open(path);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(reachability.location() + " could not read " + path + ": " + explain(e).getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return reachability.location() + " " + path;
        }
    }

    /** The spec leaf that makes this location, without the password ({@link SshSettings#spec}). */
    @Override
    public String toString() {
        return settings.spec(scheme, specOptions());
    }

    /** The options of its transport's own that the spec leaf prints (none by default). */
    protected Map<String, String> specOptions() {
        return Map.of();
    }
}
