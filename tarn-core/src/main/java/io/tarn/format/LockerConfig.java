package io.tarn.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import io.tarn.LocationSpecException;

/**
 * The {@code locker:} of a config.yml as Python tarn 0.14.0 reads it (its {@code ToolConfig}: a name, positional
 * {@code args}, keyword {@code kwargs}; a bare name means {@code {name: X}}), checked as Python's constructors check
 * their arguments, so that a lake camel-tarn opens is one Python tarn opens too:
 * <ul>
 * <li>{@code DummyLocker()} and {@code GlobalThreadLocker(timeout=None)}: camel-tarn's own protocol (per-key locks in
 * the JVM, values placed by no-clobber hard links) already keeps concurrent writers safe; nothing more is done;</li>
 * <li>{@code RedisLocker(*args, prefix, expire, **kwargs)}: {@code args} and the other {@code kwargs} are those of
 * {@code redis.Redis(host, port, db, password, socket_timeout, socket_connect_timeout, ..., username, ssl)};
 * {@code prefix} and {@code expire} (whole seconds) are required. Honoured with Python's protocol
 * (camel-tarn's {@code RedisLocker}).</li>
 * </ul>
 */
public record LockerConfig(String name, List<Object> args, Map<String, Object> kwargs) {
    public static final String DUMMY = "DummyLocker";
    public static final String GLOBAL_THREAD = "GlobalThreadLocker";
    public static final String REDIS = "RedisLocker";

    /** The parameters of {@code redis.Redis()} that a RedisLocker's {@code args} fill, in order. */
    private static final List<String> REDIS_POSITIONAL
            = List.of("host", "port", "db", "password", "socket_timeout", "socket_connect_timeout");
    private static final Set<String> REDIS_KEYWORDS = new TreeSet<>(List.of("host", "port", "db", "password",
            "socket_timeout", "socket_connect_timeout", "username", "ssl", "prefix", "expire"));

    public LockerConfig {
        args = Collections.unmodifiableList(new ArrayList<>(args == null ? List.of() : args));
        kwargs = Collections.unmodifiableMap(new TreeMap<>(kwargs == null ? Map.of() : kwargs));
        switch (name == null ? "" : name) {
            case DUMMY -> expect(args, kwargs, List.of(), Set.of());
            case GLOBAL_THREAD -> {
                expect(args, kwargs, List.of("timeout"), Set.of("timeout"));
                number(value(args, kwargs, List.of("timeout"), "timeout"), "timeout");
            }
            case REDIS -> checkRedis(args, kwargs);
            default -> throw new LocationSpecException("'" + name + "' is not a locker of Python tarn 0.14.0; use one of "
                                                       + List.of(DUMMY, GLOBAL_THREAD, REDIS));
        }
    }

    /** A locker by name alone. */
    public static LockerConfig named(String name) {
        return new LockerConfig(name, List.of(), Map.of());
    }

    /** {@code RedisLocker(host, port, prefix=prefix, expire=expire)}, as Python tarn's tests configure it. */
    public static LockerConfig redis(String host, int port, String prefix, int expire) {
        return new LockerConfig(REDIS, List.of(host, port), Map.of("prefix", prefix, "expire", expire));
    }

    /** Reads the value of {@code locker:}: a name, or a mapping of {@code name}, {@code args}, {@code kwargs}. */
    static LockerConfig parse(Object value, String source) {
        try {
            if (value instanceof String name) {
                return named(name);
            }
            if (value instanceof Map<?, ?> tool && tool.get("name") instanceof String name) {
                Set<String> extra = tool.keySet().stream().map(String::valueOf)
                        .filter(k -> !Set.of("name", "args", "kwargs").contains(k)).collect(Collectors.toCollection(TreeSet::new));
                if (!extra.isEmpty()) {
                    throw new LocationSpecException("unknown field(s) " + extra + ": a locker has name, args and kwargs");
                }
                Object args = tool.get("args");
                Object kwargs = tool.get("kwargs");
                if (args != null && !(args instanceof List<?>) || kwargs != null && !(kwargs instanceof Map<?, ?>)) {
                    throw new LocationSpecException("args must be a list and kwargs a mapping, found " + describe(args)
                                                    + " and " + describe(kwargs));
                }
                Map<String, Object> keywords = new TreeMap<>();
                if (kwargs != null) {
                    ((Map<?, ?>) kwargs).forEach((k, v) -> keywords.put(String.valueOf(k), v));
                }
                return new LockerConfig(name, args == null ? List.of() : new ArrayList<>((List<?>) args), keywords);
            }
            throw new LocationSpecException("expected a locker name or {name: ..., args: [...], kwargs: {...}}, found "
                                            + describe(value));
        } catch (LocationSpecException e) {
            throw new LocationSpecException("locker in " + source + ": " + e.getMessage(), e);
        }
    }

    /** Whether this lake's writers and readers coordinate through Redis. */
    public boolean isRedis() {
        return REDIS.equals(name);
    }

    /**
     * A parameter of {@code RedisLocker(...)}, as given positionally ({@code args}, in the order of {@code redis.Redis()})
     * or by name ({@code kwargs}); null when not given.
     */
    public Object redisParameter(String parameter) {
        return redis(parameter);
    }

    private Object redis(String parameter) {
        return value(args, kwargs, REDIS_POSITIONAL, parameter);
    }


    /**
     * The lines under {@code locker:} in config.yml, as tarn writes them under pydantic 1 (as {@link DiskConfig#toYaml}
     * does): PyYAML's {@code safe_dump}, keys sorted, empty args left out, kwargs kept even when empty.
     */
    String toYaml() {
        Map<String, Object> tool = new TreeMap<>();
        if (!args.isEmpty()) {
            tool.put("args", args);
        }
        tool.put("kwargs", kwargs);
        tool.put("name", name);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setAllowUnicode(false);
        return new Yaml(options).dump(tool).lines().map(line -> "  " + line + "\n").collect(Collectors.joining());
    }

    private static void checkRedis(List<Object> args, Map<String, Object> kwargs) {
        if (kwargs.containsKey("url")) {
            throw new LocationSpecException("RedisLocker has no 'url': Python tarn passes kwargs to redis.Redis(), which"
                                            + " takes none (RedisLocker.from_url cannot be named in config.yml), so"
                                            + " Python tarn cannot open this lake either; give host, port and db");
        }
        expect(args, kwargs, REDIS_POSITIONAL, REDIS_KEYWORDS);
        for (String required : List.of("prefix", "expire")) {
            if (!kwargs.containsKey(required)) {
                throw new LocationSpecException("RedisLocker needs kwargs prefix and expire (Python's"
                                                + " RedisLocker(*args, prefix, expire, **kwargs)); '" + required
                                                + "' is missing, e.g. {name: RedisLocker, args: [localhost, 6379],"
                                                + " kwargs: {prefix: lake, expire: 10}}");
            }
        }
        Object prefix = kwargs.get("prefix");
        if (!(prefix instanceof String || prefix instanceof byte[])) {
            throw new LocationSpecException("RedisLocker's prefix must be a string, found " + describe(prefix));
        }
        Object expire = kwargs.get("expire");
        if (!(expire instanceof Integer seconds) || seconds < 1) {
            throw new LocationSpecException("RedisLocker's expire is whole seconds, at least 1 (Redis's SET EX takes"
                                            + " nothing else), found " + describe(expire));
        }
        Object host = value(args, kwargs, REDIS_POSITIONAL, "host");
        if (host != null && !(host instanceof String h && !h.isBlank())) {
            throw new LocationSpecException("RedisLocker's host must be a host name, found " + describe(host));
        }
        Object port = value(args, kwargs, REDIS_POSITIONAL, "port");
        if (port != null && !(port instanceof Integer p && p > 0 && p <= 65535)) {
            throw new LocationSpecException("RedisLocker's port must be a number in 1..65535, found " + describe(port));
        }
        Object db = value(args, kwargs, REDIS_POSITIONAL, "db");
        if (db != null && !(db instanceof Integer d && d >= 0)) {
            throw new LocationSpecException("RedisLocker's db must be a database number, found " + describe(db));
        }
        for (String text : List.of("password", "username")) {
            Object v = value(args, kwargs, REDIS_POSITIONAL, text);
            if (v != null && !(v instanceof String)) {
                throw new LocationSpecException("RedisLocker's " + text + " must be a string, found " + describe(v));
            }
        }
        for (String timeout : List.of("socket_timeout", "socket_connect_timeout")) {
            number(value(args, kwargs, REDIS_POSITIONAL, timeout), "RedisLocker's " + timeout);
        }
        Object ssl = kwargs.get("ssl");
        if (ssl != null && !(ssl instanceof Boolean)) {
            throw new LocationSpecException("RedisLocker's ssl must be true or false, found " + describe(ssl));
        }
    }

    /** Refuses what Python's constructor would refuse: too many args, unknown or repeated keywords. */
    private static void expect(List<Object> args, Map<String, Object> kwargs, List<String> positional, Set<String> keywords) {
        if (args.size() > positional.size()) {
            throw new LocationSpecException("too many args " + args + ": camel-tarn reads at most " + positional.size()
                                            + (positional.isEmpty() ? "" : " (" + String.join(", ", positional) + ")"));
        }
        Set<String> unknown = new TreeSet<>(kwargs.keySet());
        unknown.removeAll(keywords);
        if (!unknown.isEmpty()) {
            throw new LocationSpecException("unknown kwargs " + unknown + (keywords.isEmpty() ? ": it takes none"
                    : ": camel-tarn reads " + new TreeSet<>(keywords)));
        }
        for (int i = 0; i < args.size(); i++) {
            if (kwargs.containsKey(positional.get(i))) {
                throw new LocationSpecException(positional.get(i) + " is given twice, in args and in kwargs");
            }
        }
    }

    private static Object value(List<Object> args, Map<String, Object> kwargs, List<String> positional, String parameter) {
        int at = positional.indexOf(parameter);
        return kwargs.containsKey(parameter) ? kwargs.get(parameter) : at >= 0 && at < args.size() ? args.get(at) : null;
    }

    private static void number(Object value, String what) {
        if (value != null && !(value instanceof Number n && n.doubleValue() > 0)) {
            throw new LocationSpecException(what + " must be a number of seconds above 0, or null, found " + describe(value));
        }
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }

    /** Names the locker and its arguments, the password masked. */
    @Override
    public String toString() {
        List<Object> shown = new ArrayList<>(args);
        int password = REDIS_POSITIONAL.indexOf("password");
        if (isRedis() && shown.size() > password && shown.get(password) != null) {
            shown.set(password, "***");
        }
        Map<String, Object> named = new TreeMap<>(kwargs);
        named.computeIfPresent("password", (k, v) -> "***");
        return name + (shown.isEmpty() ? "" : " args " + shown) + (named.isEmpty() ? "" : " kwargs " + named);
    }
}
