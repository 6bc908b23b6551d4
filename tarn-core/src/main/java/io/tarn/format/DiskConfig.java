package io.tarn.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import io.tarn.BoundedRead;
import io.tarn.HashAlgorithm;
import io.tarn.LocationSpecException;

/**
 * The {@code config.yml} at the root of a disk lake, with Python tarn 0.14.0's semantics: absent keys mean
 * {@code levels: [1, -1]}; {@code hash: X} alone means levels {@code [1, digest_size - 1]}; unknown keys are an
 * error; sizes are human-friendly. {@link #toYaml()} writes what Python tarn writes under pydantic 1.
 *
 * @param hash         the digest algorithm, or null for the lake's default (SHA-256)
 * @param levels       how a key's hex is split into folders, in bytes; -1 (last only) means "the rest"
 * @param locker       Python tarn's locker tool (name, args, kwargs), or null
 * @param size         size tracker tool name, or null
 * @param usage        {@code StatUsage} to keep usage marks under tools/usage, or null
 * @param labels       {@code JsonLabels} to keep labels under tools/labels, or null
 * @param freeDiskSize decline writes that would leave less free disk than this (bytes; 0 = off)
 * @param maxSize      decline writes that would grow the lake beyond this (bytes; null = unbounded)
 */
public record DiskConfig(HashAlgorithm hash, List<Integer> levels, LockerConfig locker, String size, String usage,
                         String labels, long freeDiskSize, Long maxSize) {

    public static final String FILE_NAME = "config.yml";
    /** A tarn config is a few lines; anything larger is refused before it is parsed. */
    public static final int MAX_BYTES = 64 * 1024;
    public static final String STAT_USAGE = "StatUsage";
    public static final String JSON_LABELS = "JsonLabels";

    private static final Set<String> KEYS
            = Set.of("hash", "levels", "locker", "size", "usage", "labels", "free_disk_size", "max_size");
    private static final Map<String, Set<String>> TOOLS = Map.of(
            "size", Set.of("DummySize"),
            "usage", Set.of("DummyUsage", STAT_USAGE),
            "labels", Set.of("DummyLabels", JSON_LABELS));

    public DiskConfig {
        levels = levels == null ? null : List.copyOf(levels);
        if (levels == null) {
            // tarn's [1, n - 1]; for a 1-byte digest that is [1, 0], the same path as [1]
            levels = hash == null ? List.of(1, -1)
                    : hash.digestSize() == 1 ? List.of(1) : List.of(1, hash.digestSize() - 1);
        }
        validateLevels(levels, hash == null ? HashAlgorithm.SHA256 : hash, "levels");
    }

    /** Python tarn's default: SHA-256, {@code levels: [1, -1]}, no tools. */
    public static DiskConfig defaults() {
        return new DiskConfig(null, null, null, null, null, null, 0, null);
    }

    /**
     * What camel-tarn writes for a lake it creates: Python tarn's defaults and {@code usage: StatUsage}, so that every
     * read, write and touch marks its value used (in tarn's own format: Python tarn, reading the same config.yml,
     * keeps the marks too) and gc by age goes by use, never by when a value was stored.
     */
    public static DiskConfig forNewLake() {
        return defaults().withUsage(STAT_USAGE);
    }

    public DiskConfig withLevels(List<Integer> value) {
        return new DiskConfig(hash, value, locker, size, usage, labels, freeDiskSize, maxSize);
    }

    /** {@code StatUsage} to keep usage marks (tarn's format), or null for none. */
    public DiskConfig withUsage(String value) {
        return new DiskConfig(hash, levels, locker, size, value, labels, freeDiskSize, maxSize);
    }

    /** Keeps usage dates ({@code StatUsage}) and labels ({@code JsonLabels}) like a fully configured tarn lake. */
    public DiskConfig withTools() {
        return new DiskConfig(hash, levels, locker, size, STAT_USAGE, JSON_LABELS, freeDiskSize, maxSize);
    }

    public DiskConfig withLimits(long freeDisk, Long max) {
        return new DiskConfig(hash, levels, locker, size, usage, labels, freeDisk, max);
    }

    /** Readers and writers of the lake coordinate through this locker (Python tarn's {@code locker:}). */
    public DiskConfig withLocker(LockerConfig value) {
        return new DiskConfig(hash, levels, value, size, usage, labels, freeDiskSize, maxSize);
    }

    public DiskConfig withHash(HashAlgorithm value) {
        return new DiskConfig(value, levels, locker, size, usage, labels, freeDiskSize, maxSize);
    }

    /** The digest algorithm, SHA-256 when config.yml names none. */
    public HashAlgorithm algorithmOrDefault() {
        return hash == null ? HashAlgorithm.SHA256 : hash;
    }

    public boolean keepsUsage() {
        return STAT_USAGE.equals(usage);
    }

    public boolean keepsLabels() {
        return JSON_LABELS.equals(labels);
    }

    /**
     * Reads a lake's config.yml, never through a symbolic link and never more than {@link #MAX_BYTES}.
     *
     * @return empty when there is no config.yml
     * @throws LocationSpecException if it is a link or not a file, too large, or malformed
     * @throws IOException           if it cannot be read
     */
    public static Optional<DiskConfig> read(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            throw new LocationSpecException(file + " is " + (attributes.isSymbolicLink() ? "a symbolic link" : "not a file")
                                            + ": a lake's config.yml must be a plain file inside the lake; replace it by"
                                            + " a copy of what it should say");
        }
        checkSize(attributes.size(), file.toString());
        try (InputStream in = Channels.newInputStream(
                Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
            return Optional.of(read(in, file.toString()));
        }
    }

    /** Reads config.yml text from a stream (a remote lake's), refusing more than {@link #MAX_BYTES}. */
    public static DiskConfig read(InputStream in, String source) throws IOException {
        byte[] text = BoundedRead.small(in, MAX_BYTES);
        if (text == null) {
            checkSize(MAX_BYTES + 1, source);
        }
        return parse(new String(text, StandardCharsets.UTF_8), source);
    }

    private static void checkSize(long size, String source) {
        if (size > MAX_BYTES) {
            throw new LocationSpecException(source + " is " + (size > MAX_BYTES + 1 ? size + " bytes" : "over " + MAX_BYTES
                                            + " bytes") + ", too large for a tarn config.yml (at most " + MAX_BYTES
                                            + " bytes): check that this folder is the root of a tarn lake");
        }
    }

    /**
     * Parses config.yml text. Every refusal is a {@link LocationSpecException} naming the file and, where the text
     * has one, the line and column.
     *
     * @param source names the file in error messages
     */
    public static DiskConfig parse(String text, String source) {
        checkSize(text.length(), source);
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setMaxAliasesForCollections(16);
        options.setNestingDepthLimit(16);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Object loaded;
        Map<String, Mark> marks;
        try {
            marks = marks(yaml.compose(new java.io.StringReader(text)));
            loaded = yaml.load(text);
        } catch (YAMLException e) {
            throw new LocationSpecException("Malformed " + source + ": " + e.getMessage().replace('\n', ' '), e);
        }
        if (loaded == null) {
            return defaults();
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new LocationSpecException("Malformed " + source + ": expected a mapping of keys "
                                            + new java.util.TreeSet<>(KEYS) + ", found " + describe(loaded));
        }
        List<String> unknown = new ArrayList<>();
        for (Object k : map.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                unknown.add(String.valueOf(k) + at(marks.get(String.valueOf(k))));
            }
        }
        if (!unknown.isEmpty()) {
            throw new LocationSpecException("Unknown key(s) " + unknown + " in " + source + ": allowed keys are "
                                            + new java.util.TreeSet<>(KEYS));
        }
        String key = null;
        try {
            // inside the try: an unknown algorithm's message must name the file and the position too
            key = "hash";
            HashAlgorithm hash = map.get(key) == null ? null : parseHash(map.get(key), source);
            key = "levels";
            List<Integer> levels = map.get(key) == null ? null : parseLevels(map.get(key), source);
            key = "locker";
            LockerConfig locker = map.get(key) == null ? null : LockerConfig.parse(map.get(key), source);
            key = "size";
            String size = tool(map, key, source);
            key = "usage";
            String usage = tool(map, key, source);
            key = "labels";
            String labels = tool(map, key, source);
            key = "free_disk_size";
            long freeDisk = map.get(key) == null ? 0 : size(map.get(key), key + " in " + source);
            key = "max_size";
            Long maxSize = map.get(key) == null ? null : size(map.get(key), key + " in " + source);
            key = "levels";
            return new DiskConfig(hash, levels, locker, size, usage, labels, freeDisk, maxSize);
        } catch (LocationSpecException e) {
            String message = e.getMessage().contains(source) ? e.getMessage() : e.getMessage() + " (in " + source + ")";
            throw new LocationSpecException(message + at(marks.get(key)), e);
        }
    }

    /** Where each top-level key's value starts, for error messages. */
    private static Map<String, Mark> marks(Node node) {
        Map<String, Mark> marks = new HashMap<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar) {
                    marks.put(scalar.getValue(), tuple.getValueNode().getStartMark());
                }
            }
        }
        return marks;
    }

    private static String at(Mark mark) {
        return mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /**
     * {@code hash: sha256}, or tarn's HashConfig as a mapping: {@code {name: blake2b, digest_size: 32}} (what tarn
     * writes under pydantic 1: the kwargs flattened) or {@code {name: blake2b, kwargs: {digest_size: 32}}} (what it
     * writes under pydantic 2).
     */
    private static HashAlgorithm parseHash(Object value, String source) {
        if (value instanceof String name) {
            return HashAlgorithm.byName(name);
        }
        if (!(value instanceof Map<?, ?> map) || !(map.get("name") instanceof String name)) {
            throw new LocationSpecException("hash in " + source + ": expected an algorithm name like 'sha256' or a"
                                            + " mapping like {name: blake2b, digest_size: 32}, found " + describe(value));
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        Object nested = map.get("kwargs");
        if (nested instanceof Map<?, ?> given) {
            given.forEach((k, v) -> kwargs.put(String.valueOf(k), v));
        } else if (nested != null) {
            throw new LocationSpecException("hash in " + source + ": kwargs must be a mapping like {digest_size: 32},"
                                            + " found " + describe(nested));
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String kwarg = String.valueOf(e.getKey());
            if (!kwarg.equals("name") && !kwarg.equals("kwargs") && kwargs.put(kwarg, e.getValue()) != null) {
                throw new LocationSpecException("hash in " + source + ": '" + kwarg + "' is given twice, beside kwargs"
                                                + " and in it; keep one");
            }
        }
        return HashAlgorithm.of(name, kwargs);
    }

    private static List<Integer> parseLevels(Object value, String source) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new LocationSpecException("levels in " + source + ": expected a list of integers like [1, -1], found " + describe(value));
        }
        List<Integer> levels = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Integer i)) {
                throw new LocationSpecException("levels in " + source + ": expected integers, found " + describe(item));
            }
            levels.add(i);
        }
        return levels;
    }

    static void validateLevels(List<Integer> levels, HashAlgorithm hash, String what) {
        if (levels.isEmpty()) {
            throw new LocationSpecException(what + ": at least one level is required, e.g. [1, -1]");
        }
        long sum = 0; // a long, and each level at most the digest size: [2147483647, 2147483647, -1] must not wrap
        for (int i = 0; i < levels.size(); i++) {
            int level = levels.get(i);
            if (level == -1 && i == levels.size() - 1) {
                continue;
            }
            if (level <= 0) {
                throw new LocationSpecException(what + " " + levels + ": every level is a positive number of bytes,"
                                                + " and only the last one may be -1 (the rest of the key)");
            }
            sum += Math.min(level, hash.digestSize() + 1L);
        }
        boolean rest = levels.get(levels.size() - 1) == -1;
        if (rest ? sum >= hash.digestSize() : sum != hash.digestSize()) {
            throw new LocationSpecException(what + " " + levels + " do not fit a " + hash.name() + " key of "
                                            + hash.digestSize() + " bytes: the levels must add up to it, or end with -1");
        }
    }

    private static String tool(Map<?, ?> map, String key, String source) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        String name;
        if (value instanceof String s) {
            name = s;
        } else if (value instanceof Map<?, ?> tool && tool.get("name") instanceof String s) {
            for (Map.Entry<?, ?> e : tool.entrySet()) {
                boolean empty = e.getValue() == null
                                || e.getValue() instanceof List<?> l && l.isEmpty()
                                || e.getValue() instanceof Map<?, ?> m && m.isEmpty();
                if (!"name".equals(e.getKey()) && !empty) {
                    throw new LocationSpecException(key + " in " + source + ": arguments for " + s
                                                    + " are not supported by camel-tarn (found '" + e.getKey() + "')");
                }
            }
            name = s;
        } else {
            throw new LocationSpecException(key + " in " + source + ": expected a tool name, found " + describe(value));
        }
        if (!TOOLS.get(key).contains(name)) {
            throw new LocationSpecException(key + " in " + source + ": '" + name + "' is not supported by camel-tarn; use one of "
                                            + new java.util.TreeSet<>(TOOLS.get(key)));
        }
        return name;
    }

    private static long size(Object value, String what) {
        if (value instanceof Integer || value instanceof Long) {
            long size = ((Number) value).longValue();
            if (size < 0) {
                throw new LocationSpecException(what + " must not be negative, got " + size);
            }
            return size;
        }
        if (value instanceof String s) {
            return Sizes.parse(s, what);
        }
        throw new LocationSpecException(what + ": expected a size like 10G or 100KiB, found " + describe(value));
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }

    /**
     * The config.yml text, byte for byte what Python tarn 0.14.0 writes for the same settings under pydantic 1
     * ({@code yaml.safe_dump} of {@code StorageConfig.dict(exclude_defaults=True, exclude_none=True)}): keys sorted, the
     * hash's kwargs beside its name, every tool with {@code kwargs: {}}. Under pydantic 2 tarn nests the hash's kwargs
     * under {@code kwargs:} and writes tools without them; {@link #parse} reads both.
     */
    public String toYaml() {
        Map<String, Object> out = new TreeMap<>();
        if (freeDiskSize != 0) {
            out.put("free_disk_size", freeDiskSize);
        }
        if (hash != null) {
            Map<String, Object> config = new TreeMap<>(hash.kwargs());
            config.put("name", hash.name());
            out.put("hash", config);
        }
        out.put("levels", levels);
        putTool(out, "labels", labels);
        if (locker != null) {
            out.put("locker", locker);
        }
        if (maxSize != null) {
            out.put("max_size", maxSize);
        }
        putTool(out, "size", size);
        putTool(out, "usage", usage);
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Object> e : out.entrySet()) {
            text.append(e.getKey()).append(':');
            if (e.getValue() instanceof List<?> list) {
                text.append('\n');
                list.forEach(item -> text.append("- ").append(item).append('\n'));
            } else if (e.getValue() instanceof LockerConfig tool) {
                text.append('\n').append(tool.toYaml());
            } else if (e.getValue() instanceof Map<?, ?> map) {
                text.append('\n');
                map.forEach((k, v) -> text.append("  ").append(k).append(": ").append(scalar(v)).append('\n'));
            } else {
                text.append(' ').append(scalar(e.getValue())).append('\n');
            }
        }
        return text.toString();
    }

    /** The config.yml text for messages and logs: a locker's password masked. */
    public String describe() {
        String text = toYaml();
        return locker == null ? text : text.replace(locker.toYaml(), "  " + locker + "\n");
    }

    /** A value as PyYAML writes it: {@code {}}, {@code true}, {@code 32}, {@code JsonLabels}. */
    private static String scalar(Object value) {
        return value instanceof Map<?, ?> map && map.isEmpty() ? "{}" : String.valueOf(value);
    }

    /** A tool as pydantic 1 dumps tarn's ToolConfig: its empty args left out (the default), its empty kwargs kept. */
    private static void putTool(Map<String, Object> out, String key, String name) {
        if (name != null) {
            Map<String, Object> tool = new TreeMap<>();
            tool.put("kwargs", Map.of());
            tool.put("name", name);
            out.put(key, tool);
        }
    }
}
