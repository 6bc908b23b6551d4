package io.tarn.camel.backend.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.tarn.LocationSpecException;
import io.tarn.camel.backend.LeafOptions;
import io.tarn.camel.backend.Reachability;
import io.tarn.camel.backend.RemoteSettings;

/**
 * How to reach a tarn lake over SSH (SFTP or SCP): the server, the credentials, the host-key policy and the lake's
 * folder on the server. Strict host-key checking is on by default: the server's key must be in {@link #knownHostsFile}
 * (or, with {@link #useUserKnownHostsFile}, in {@code ~/.ssh/known_hosts}). The password never appears in
 * {@link #toString()}.
 *
 * @param root the lake's folder on the server: absolute when it starts with '/', else relative to the login (home)
 *             folder; "." or empty is the login folder itself. '~' is not expanded (SFTP does not), so a root starting
 *             with it is refused.
 */
public record SshSettings(String host, int port, String username, String password, Path privateKeyFile,
                          String privateKeyPassphrase, Path knownHostsFile, boolean useUserKnownHostsFile,
                          boolean strictHostKeyChecking, String root, Duration connectTimeout, boolean failFast,
                          Duration retryAfter) implements RemoteSettings<SshSettings> {

    public SshSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        root = root == null || root.isEmpty() ? "." : stripTrailingSlash(root);
        if (root.startsWith("~")) {
            String same = "~".equals(root) ? "." : root.startsWith("~/") ? root.substring(2) : null;
            throw new LocationSpecException("The root '" + root + "' of " + username + "@" + host + " starts with '~',"
                    + " which SFTP does not expand; " + (same == null ? "give another user's folder as an absolute path"
                    : "relative roots start at the login folder: write '" + same + "' for the same folder"));
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        retryAfter = retryAfter == null ? Reachability.RETRY_AFTER : retryAfter;
    }

    /** Port 22, strict host-key checking against {@code ~/.ssh/known_hosts}, the login folder as root. */
    public static SshSettings of(String host, String username) {
        return new SshSettings(host, 22, username, null, null, null, null, true, true, ".", null, false, null);
    }

    public SshSettings withPort(int value) {
        return new SshSettings(host, value, username, password, privateKeyFile, privateKeyPassphrase, knownHostsFile,
                useUserKnownHostsFile, strictHostKeyChecking, root, connectTimeout, failFast, retryAfter);
    }

    public SshSettings withPassword(String value) {
        return new SshSettings(host, port, username, value, privateKeyFile, privateKeyPassphrase, knownHostsFile,
                useUserKnownHostsFile, strictHostKeyChecking, root, connectTimeout, failFast, retryAfter);
    }

    public SshSettings withPrivateKey(Path file, String passphrase) {
        return new SshSettings(host, port, username, password, file, passphrase, knownHostsFile,
                useUserKnownHostsFile, strictHostKeyChecking, root, connectTimeout, failFast, retryAfter);
    }

    /** The known_hosts file to check the server's key against; {@code ~/.ssh/known_hosts} is then not used. */
    public SshSettings withKnownHostsFile(Path value) {
        return new SshSettings(host, port, username, password, privateKeyFile, privateKeyPassphrase, value,
                false, strictHostKeyChecking, root, connectTimeout, failFast, retryAfter);
    }

    public SshSettings withUseUserKnownHostsFile(boolean value) {
        return new SshSettings(host, port, username, password, privateKeyFile, privateKeyPassphrase, knownHostsFile,
                value, strictHostKeyChecking, root, connectTimeout, failFast, retryAfter);
    }

    /** Turning this off accepts any host key: only for throw-away test servers. */
    public SshSettings withStrictHostKeyChecking(boolean value) {
        return new SshSettings(host, port, username, password, privateKeyFile, privateKeyPassphrase, knownHostsFile,
                useUserKnownHostsFile, value, root, connectTimeout, failFast, retryAfter);
    }

    public SshSettings withRoot(String value) {
        return new SshSettings(host, port, username, password, privateKeyFile, privateKeyPassphrase, knownHostsFile,
                useUserKnownHostsFile, strictHostKeyChecking, value, connectTimeout, failFast, retryAfter);
    }

    public SshSettings withConnectTimeout(Duration value) {
        return new SshSettings(host, port, username, password, privateKeyFile, privateKeyPassphrase, knownHostsFile,
                useUserKnownHostsFile, strictHostKeyChecking, root, value, failFast, retryAfter);
    }

    /** An outage raises a LocationException instead of a miss or a decline. */
    @Override
    public SshSettings withFailFast(boolean value) {
        return new SshSettings(host, port, username, password, privateKeyFile, privateKeyPassphrase, knownHostsFile,
                useUserKnownHostsFile, strictHostKeyChecking, root, connectTimeout, value, retryAfter);
    }

    @Override
    public SshSettings withRetryAfter(Duration value) {
        return new SshSettings(host, port, username, password, privateKeyFile, privateKeyPassphrase, knownHostsFile,
                useUserKnownHostsFile, strictHostKeyChecking, root, connectTimeout, failFast, value);
    }

    /** The known_hosts file in use, or null when none is (only possible with strict checking off). */
    public String knownHostsInUse() {
        if (knownHostsFile != null) {
            return knownHostsFile.toString();
        }
        return useUserKnownHostsFile ? System.getProperty("user.home") + "/.ssh/known_hosts" : null;
    }

    /** A path under the lake's folder, as the server sees it. */
    public String path(String relative) {
        return ".".equals(root) ? relative : root + "/" + relative;
    }

    /** {@code scheme://user@host:port/root}, without secrets. */
    public String describe(String scheme) {
        return scheme + "://" + username + "@" + host + ":" + port + ("." .equals(root) ? "" : "/" + root);
    }

    /**
     * The spec leaf of these settings, {@code SCHEME:USER@HOST:PORT[/ROOT]} ({@code //ROOT} for an absolute root) with
     * every option of the leaf's grammar that differs from the defaults ({@code privateKeyFile}, {@code knownHostsFile},
     * {@code useUserKnownHostsFile}, {@code strictHostKeyChecking}, {@code failFast}, {@code retryAfter}) and
     * {@code more} (a transport's own), so that it parses back to the same settings. The password and the private key's
     * passphrase are left out (the grammar has no placeholder for them): what it prints parses back to settings
     * without them. The connect timeout, which the grammar has no option for, is not printed.
     */
    public String spec(String scheme, Map<String, String> more) {
        Map<String, String> options = new LinkedHashMap<>();
        if (privateKeyFile != null) {
            options.put("privateKeyFile", privateKeyFile.toString());
        }
        if (knownHostsFile != null) {
            options.put("knownHostsFile", knownHostsFile.toString());
        }
        // a known_hosts file of its own turns the user's off, as withKnownHostsFile does
        if (useUserKnownHostsFile != (knownHostsFile == null)) {
            options.put("useUserKnownHostsFile", Boolean.toString(useUserKnownHostsFile));
        }
        if (!strictHostKeyChecking) {
            options.put("strictHostKeyChecking", "false");
        }
        LeafOptions.printRemote(this, options);
        options.putAll(more);
        return LeafOptions.print(scheme + ":" + username + "@" + host + ":" + port + ("." .equals(root) ? "" : "/" + root),
                options);
    }

    @Override
    public String toString() {
        return describe("ssh");
    }

    private static String stripTrailingSlash(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
