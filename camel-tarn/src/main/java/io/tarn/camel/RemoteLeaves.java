package io.tarn.camel;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tarn.LocationSpecException;
import io.tarn.location.Location;
import io.tarn.format.Sizes;
import io.tarn.camel.remote.memory.CaffeineLocation;
import io.tarn.camel.remote.http.HttpLocation;
import io.tarn.camel.remote.redis.RedisLocation;
import io.tarn.camel.remote.redis.RedisOptions;
import io.tarn.camel.remote.s3.S3Location;
import io.tarn.camel.remote.s3.S3LocationBuilder;
import io.tarn.camel.remote.ssh.ScpLocation;
import io.tarn.camel.remote.ssh.SftpLocation;
import io.tarn.camel.remote.ssh.SshSettings;
import org.apache.camel.CamelContext;

/**
 * The remote leaves of a location spec, each made through its Camel transport:
 *
 * <pre>
 * s3:BUCKET[/PREFIX]?endpoint=http://host:9000&amp;region=us-east-1&amp;accessKey=..&amp;secretKey=..&amp;partSize=25MiB
 * redis:HOST[:PORT]?prefix=lake:&amp;keepLabels=true&amp;keepUsage=true&amp;ttl=3600&amp;password=..&amp;database=0&amp;lockExpiry=300
 * sftp:USER@HOST[:PORT][/ROOT]?password=..&amp;privateKeyFile=..&amp;knownHostsFile=..&amp;strictHostKeyChecking=true
 * scp:USER@HOST[:PORT][/ROOT]?...as sftp...&amp;maxValueSize=256MiB
 *     (ROOT relative to the login folder; //ROOT, two slashes, for an absolute one: sftp:me@host//srv/lake)
 * http://host/lake/ or https://host/lake/ (read-only, nginx autoindex)
 * caffeine:NAME?maxBytes=256MiB&amp;maxValueBytes=1MiB
 * </pre>
 *
 * Every remote leaf also takes {@code failFast=true}. Values are URL-decoded. An unknown option is an error naming
 * the options the leaf takes. Prefer {@code #bean} leaves or property placeholders for secrets.
 */
final class RemoteLeaves {
    private RemoteLeaves() {
    }

    /** The location of a remote leaf, or null when the leaf is not one. */
    static Location resolve(CamelContext camel, String leaf) {
        int colon = leaf.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String scheme = leaf.substring(0, colon);
        return switch (scheme) {
            case "s3" -> s3(camel, leaf);
            case "redis" -> redis(camel, leaf);
            case "sftp" -> new SftpLocation(camel, ssh(leaf, Set.of()).settings);
            case "scp" -> scp(camel, leaf);
            case "http", "https" -> http(camel, leaf);
            case "caffeine" -> caffeine(camel, leaf);
            default -> null;
        };
    }

    private static Location s3(CamelContext camel, String leaf) {
        Parsed p = Parsed.of(leaf, "s3", Set.of("endpoint", "region", "accessKey", "secretKey", "partSize", "failFast",
                "trackUsage"));
        String path = p.path;
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        S3LocationBuilder builder = S3Location.builder(camel, bucket);
        if (slash >= 0 && slash < path.length() - 1) {
            builder.prefix(path.substring(slash + 1));
        }
        p.ifPresent("endpoint", v -> builder.endpoint(URI.create(v)));
        p.ifPresent("region", builder::region);
        if (p.options.containsKey("accessKey") || p.options.containsKey("secretKey")) {
            builder.credentials(p.options.get("accessKey"), p.options.get("secretKey"));
        }
        p.ifPresent("partSize", v -> builder.partSize(Sizes.parse(v, "partSize of " + p.safe)));
        p.ifPresent("failFast", v -> builder.failFast(p.bool("failFast")));
        p.ifPresent("trackUsage", v -> builder.trackUsage(p.bool("trackUsage")));
        return builder.build();
    }

    private static Location redis(CamelContext camel, String leaf) {
        Parsed p = Parsed.of(leaf, "redis", Set.of("prefix", "password", "database", "keepLabels", "keepUsage", "ttl",
                "maxValueSize", "failFast", "lockExpiry"));
        RedisOptions options = new RedisOptions();
        String[] hostPort = p.path.split(":", 2);
        if (!hostPort[0].isEmpty()) {
            options.host(hostPort[0]);
        }
        if (hostPort.length > 1) {
            options.port(p.integer("port", hostPort[1]));
        }
        p.ifPresent("prefix", options::prefix);
        p.ifPresent("password", options::password);
        p.ifPresent("database", v -> options.database(p.integer("database", v)));
        p.ifPresent("keepLabels", v -> options.keepLabels(p.bool("keepLabels")));
        p.ifPresent("keepUsage", v -> options.keepUsage(p.bool("keepUsage")));
        p.ifPresent("ttl", v -> options.ttl(Duration.ofSeconds(p.integer("ttl", v))));
        p.ifPresent("maxValueSize", v -> options.maxValueSize(Sizes.parse(v, "maxValueSize of " + p.safe)));
        p.ifPresent("failFast", v -> options.failFast(p.bool("failFast")));
        p.ifPresent("lockExpiry", v -> options.lockExpiry(Duration.ofSeconds(p.integer("lockExpiry", v))));
        return new RedisLocation(camel, options);
    }

    private static Location scp(CamelContext camel, String leaf) {
        Ssh ssh = ssh(leaf, Set.of("maxValueSize"));
        String max = ssh.parsed.options.get("maxValueSize");
        return max == null ? new ScpLocation(camel, ssh.settings)
                : new ScpLocation(camel, ssh.settings, Sizes.parse(max, "maxValueSize of " + ssh.parsed.safe));
    }

    private record Ssh(SshSettings settings, Parsed parsed) {
    }

    private static Ssh ssh(String leaf, Set<String> extra) {
        String scheme = leaf.substring(0, leaf.indexOf(':'));
        Set<String> known = new TreeSet<>(Set.of("password", "privateKeyFile", "privateKeyPassphrase", "knownHostsFile",
                "useUserKnownHostsFile", "strictHostKeyChecking", "failFast"));
        known.addAll(extra);
        Parsed p = Parsed.of(leaf, scheme, known);
        int at = p.path.indexOf('@');
        if (at <= 0) {
            throw new LocationSpecException("The " + scheme + " leaf " + p.safe + " needs a user: " + scheme + ":USER@HOST[:PORT][/ROOT]");
        }
        String user = p.path.substring(0, at);
        String rest = p.path.substring(at + 1);
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String root = slash < 0 ? null : rest.substring(slash + 1);
        String[] hp = hostPort.split(":", 2);
        SshSettings settings = SshSettings.of(hp[0], user).withRoot(root);
        if (hp.length > 1) {
            settings = settings.withPort(p.integer("port", hp[1]));
        }
        if (p.options.containsKey("password")) {
            settings = settings.withPassword(p.options.get("password"));
        }
        if (p.options.containsKey("privateKeyFile")) {
            settings = settings.withPrivateKey(Path.of(p.options.get("privateKeyFile")), p.options.get("privateKeyPassphrase"));
        }
        if (p.options.containsKey("knownHostsFile")) {
            settings = settings.withKnownHostsFile(Path.of(p.options.get("knownHostsFile")));
        }
        if (p.options.containsKey("useUserKnownHostsFile")) {
            settings = settings.withUseUserKnownHostsFile(p.bool("useUserKnownHostsFile"));
        }
        if (p.options.containsKey("strictHostKeyChecking")) {
            settings = settings.withStrictHostKeyChecking(p.bool("strictHostKeyChecking"));
        }
        if (p.options.containsKey("failFast")) {
            settings = settings.withFailFast(p.bool("failFast"));
        }
        return new Ssh(settings, p);
    }

    private static Location http(CamelContext camel, String leaf) {
        int query = leaf.indexOf("?failFast=");
        boolean failFast = query >= 0 && Boolean.parseBoolean(leaf.substring(query + "?failFast=".length()));
        return new HttpLocation(camel, query >= 0 ? leaf.substring(0, query) : leaf, failFast);
    }

    private static Location caffeine(CamelContext camel, String leaf) {
        Parsed p = Parsed.of(leaf, "caffeine", Set.of("maxBytes", "maxValueBytes"));
        if (!p.options.containsKey("maxBytes")) {
            throw new LocationSpecException("The caffeine leaf " + p.safe + " needs maxBytes, e.g. caffeine:hot?maxBytes=256MiB");
        }
        long maxBytes = Sizes.parse(p.options.get("maxBytes"), "maxBytes of " + p.safe);
        String maxValue = p.options.get("maxValueBytes");
        return maxValue == null ? new CaffeineLocation(camel, p.path, maxBytes)
                : new CaffeineLocation(camel, p.path, maxBytes, Sizes.parse(maxValue, "maxValueBytes of " + p.safe));
    }

    /** A leaf split into its path and options; {@code safe} is the leaf without option values, for messages. */
    private record Parsed(String path, Map<String, String> options, String safe) {

        static Parsed of(String leaf, String scheme, Set<String> known) {
            String body = leaf.substring(scheme.length() + 1);
            int q = body.indexOf('?');
            String path = q < 0 ? body : body.substring(0, q);
            Map<String, String> options = new LinkedHashMap<>();
            String safe = scheme + ":" + path;
            if (q >= 0) {
                for (String pair : body.substring(q + 1).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String name = eq < 0 ? pair : pair.substring(0, eq);
                    if (!known.contains(name)) {
                        throw new LocationSpecException("Unknown option '" + name + "' in the " + scheme + " leaf " + safe
                                                        + ": it takes " + new TreeSet<>(known));
                    }
                    options.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            if (path.isEmpty()) {
                throw new LocationSpecException("The " + scheme + " leaf " + safe + " has no " + (scheme.equals("s3") ? "bucket"
                        : scheme.equals("caffeine") ? "cache name" : "host"));
            }
            return new Parsed(path, options, safe);
        }

        void ifPresent(String name, java.util.function.Consumer<String> action) {
            String value = options.get(name);
            if (value != null) {
                action.accept(value);
            }
        }

        boolean bool(String name) {
            String value = options.get(name);
            if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
                return Boolean.parseBoolean(value);
            }
            throw new LocationSpecException("Option " + name + " of " + safe + " must be true or false, not '" + value + "'");
        }

        int integer(String name, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new LocationSpecException("The " + name + " of " + safe + " must be a number, not '" + value + "'");
            }
        }
    }
}
