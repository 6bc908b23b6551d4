package io.tarn.camel.backend;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import io.tarn.LocationSpecException;
import io.tarn.format.Sizes;
import io.tarn.location.SpecText;

/**
 * A remote leaf of a location spec split into its path and options ({@code scheme:PATH?name=value&...}, values
 * URL-decoded). An unknown option is an error naming the options the leaf takes; {@code safe} is the leaf without its
 * option values (they may be secrets), for messages.
 */
public record LeafOptions(String path, Map<String, String> options, String safe) {

    /**
     * @param known the options this scheme takes
     * @param pathName what the path names, for the message when it is empty ("bucket", "host")
     */
    public static LeafOptions of(String leaf, String scheme, Set<String> known, String pathName) {
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
            throw new LocationSpecException("The " + scheme + " leaf " + safe + " has no " + pathName);
        }
        return new LeafOptions(path, options, safe);
    }

    /** The options every remote leaf takes: {@code failFast=true}, {@code retryAfter=SECONDS}. */
    public static final Set<String> REMOTE = Set.of("failFast", "retryAfter");

    /** The options a remote leaf takes: its own and {@link #REMOTE}. */
    public static Set<String> remote(String... own) {
        Set<String> all = new TreeSet<>(REMOTE);
        all.addAll(Set.of(own));
        return all;
    }

    /** The settings with the leaf's {@code failFast} and {@code retryAfter}, where it gives them. */
    public <S extends RemoteSettings<S>> S remote(S settings) {
        S result = settings;
        if (has("failFast")) {
            result = result.withFailFast(bool("failFast"));
        }
        if (has("retryAfter")) {
            result = result.withRetryAfter(seconds("retryAfter"));
        }
        return result;
    }

    /** Adds {@code failFast} and {@code retryAfter} to a leaf's printed options where they differ from the defaults. */
    public static void printRemote(RemoteSettings<?> settings, Map<String, String> options) {
        if (settings.failFast()) {
            options.put("failFast", "true");
        }
        if (!settings.retryAfter().equals(Reachability.RETRY_AFTER)) {
            options.put("retryAfter", Long.toString(settings.retryAfter().toSeconds()));
        }
    }

    /** The settings with option {@code name} applied by {@code set} (given its text), or as they are without it. */
    public <S> S with(String name, S settings, BiFunction<S, String, S> set) {
        return has(name) ? set.apply(settings, get(name)) : settings;
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public String get(String name) {
        return options.get(name);
    }

    public void ifPresent(String name, Consumer<String> action) {
        String value = options.get(name);
        if (value != null) {
            action.accept(value);
        }
    }

    public boolean bool(String name) {
        String value = options.get(name);
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return Boolean.parseBoolean(value);
        }
        throw new LocationSpecException("Option " + name + " of " + safe + " must be true or false, not '" + value + "'");
    }

    public int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new LocationSpecException("The " + name + " of " + safe + " must be a number, not '" + value + "'");
        }
    }

    /** A duration option in whole seconds ({@code ttl=3600}, {@code retryAfter=5}). */
    public Duration seconds(String name) {
        return Duration.ofSeconds(integer(name, options.get(name)));
    }

    /**
     * A leaf as a spec writes it, for a location's {@code toString()}: {@code head} ({@code scheme:PATH}) and the
     * options in order, each value encoded so that this class reads it back as it is ({@code %}, {@code &},
     * {@code +} and {@code =} escaped), the whole quoted where the spec parser would split it. Secrets are the
     * caller's to leave out.
     */
    public static String print(String head, Map<String, String> options) {
        StringBuilder leaf = new StringBuilder(head);
        char separator = '?';
        for (Map.Entry<String, String> option : options.entrySet()) {
            leaf.append(separator).append(option.getKey()).append('=').append(encode(option.getValue()));
            separator = '&';
        }
        return SpecText.quote(leaf.toString());
    }

    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '%' -> out.append("%25");
                case '&' -> out.append("%26");
                case '+' -> out.append("%2B");
                case '=' -> out.append("%3D");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A size option ({@code 25MiB}), named in the message when malformed. */
    public long size(String name) {
        return Sizes.parse(options.get(name), name + " of " + safe);
    }
}
