package io.tarn.camel.backend.ssh;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;

import io.tarn.LocationSpecException;
import io.tarn.camel.backend.LeafOptions;
import io.tarn.camel.backend.RemoteLeaf;
import io.tarn.location.Location;

/**
 * The {@code sftp:} and {@code scp:} leaves of a location spec:
 * {@code sftp:USER@HOST[:PORT][/ROOT]?password=..&privateKeyFile=..&privateKeyPassphrase=..&knownHostsFile=..&useUserKnownHostsFile=..&strictHostKeyChecking=true&failFast=true},
 * and {@code scp:} with the same and {@code maxValueSize=256MiB}. ROOT is relative to the login folder; {@code //ROOT},
 * two slashes, is an absolute one.
 */
public final class SshLeaf extends RemoteLeaf {
    private static final Set<String> OPTIONS = LeafOptions.remote("password", "privateKeyFile", "privateKeyPassphrase",
            "knownHostsFile", "useUserKnownHostsFile", "strictHostKeyChecking");

    public SshLeaf(CamelContext camel) {
        super(camel, "sftp", "scp");
    }

    @Override
    protected Supplier<Location> parseLeaf(String leaf) {
        String scheme = leaf.substring(0, leaf.indexOf(':'));
        Set<String> known = new TreeSet<>(OPTIONS);
        if (scheme.equals("scp")) {
            known.add("maxValueSize");
        }
        LeafOptions p = LeafOptions.of(leaf, scheme, known, "host");
        SshSettings settings = settings(scheme, p);
        if (scheme.equals("sftp")) {
            return () -> new SftpLocation(camel, settings);
        }
        if (!p.has("maxValueSize")) {
            return () -> new ScpLocation(camel, settings);
        }
        long max = p.size("maxValueSize");
        return () -> new ScpLocation(camel, settings, max);
    }

    private static SshSettings settings(String scheme, LeafOptions p) {
        int at = p.path().indexOf('@');
        if (at <= 0) {
            throw new LocationSpecException("The " + scheme + " leaf " + p.safe() + " needs a user: " + scheme
                                            + ":USER@HOST[:PORT][/ROOT]");
        }
        String user = p.path().substring(0, at);
        String rest = p.path().substring(at + 1);
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String root = slash < 0 ? null : rest.substring(slash + 1);
        String[] hp = hostPort.split(":", 2);
        SshSettings settings = SshSettings.of(hp[0], user).withRoot(root);
        if (hp.length > 1) {
            settings = settings.withPort(p.integer("port", hp[1]));
        }
        if (p.has("password")) {
            settings = settings.withPassword(p.get("password"));
        }
        if (p.has("privateKeyFile")) {
            settings = settings.withPrivateKey(Path.of(p.get("privateKeyFile")), p.get("privateKeyPassphrase"));
        }
        if (p.has("knownHostsFile")) {
            settings = settings.withKnownHostsFile(Path.of(p.get("knownHostsFile")));
        }
        if (p.has("useUserKnownHostsFile")) {
            settings = settings.withUseUserKnownHostsFile(p.bool("useUserKnownHostsFile"));
        }
        if (p.has("strictHostKeyChecking")) {
            settings = settings.withStrictHostKeyChecking(p.bool("strictHostKeyChecking"));
        }
        return p.remote(settings);
    }
}
