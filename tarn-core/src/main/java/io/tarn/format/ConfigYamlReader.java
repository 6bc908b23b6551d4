package io.tarn.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
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
import java.util.TreeSet;

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

import static io.tarn.format.DiskConfig.JSON_LABELS;
import static io.tarn.format.DiskConfig.MAX_BYTES;
import static io.tarn.format.DiskConfig.STAT_USAGE;

/**
 * Reads a {@link DiskConfig} from config.yml text with snakeyaml, checking it as Python tarn 0.14.0 would: every
 * refusal is a {@link LocationSpecException} naming the file and, where the text has one, the line and column.
 */
final class ConfigYamlReader {
    private static final Set<String> KEYS
            = Set.of("hash", "levels", "locker", "size", "usage", "labels", "free_disk_size", "max_size");
    private static final Map<String, Set<String>> TOOLS = Map.of(
            "size", Set.of("DummySize"),
            "usage", Set.of("DummyUsage", STAT_USAGE),
            "labels", Set.of("DummyLabels", JSON_LABELS));

    private ConfigYamlReader() {
    }

    /**
     * Reads a lake's config.yml, never through a symbolic link and never more than {@link DiskConfig#MAX_BYTES}.
     *
     * @return empty when there is no config.yml
     * @throws LocationSpecException if it is a link or not a file, too large, or malformed
     * @throws IOException           if it cannot be read
     */
    static Optional<DiskConfig> read(Path file) throws IOException {
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

    /** Reads config.yml text from a stream (a remote lake's), refusing more than {@link DiskConfig#MAX_BYTES}. */
    static DiskConfig read(InputStream in, String source) throws IOException {
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
    static DiskConfig parse(String text, String source) {
        checkSize(text.length(), source);
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setMaxAliasesForCollections(16);
        options.setNestingDepthLimit(16);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Object loaded;
        Map<String, Mark> marks;
        try {
            marks = marks(yaml.compose(new StringReader(text)));
            loaded = yaml.load(text);
        } catch (YAMLException e) {
            throw new LocationSpecException("Malformed " + source + ": " + e.getMessage().replace('\n', ' '), e);
        }
        if (loaded == null) {
            return DiskConfig.defaults();
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new LocationSpecException("Malformed " + source + ": expected a mapping of keys "
                                            + new TreeSet<>(KEYS) + ", found " + describe(loaded));
        }
        List<String> unknown = new ArrayList<>();
        for (Object k : map.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                unknown.add(String.valueOf(k) + at(marks.get(String.valueOf(k))));
            }
        }
        if (!unknown.isEmpty()) {
            throw new LocationSpecException("Unknown key(s) " + unknown + " in " + source + ": allowed keys are "
                                            + new TreeSet<>(KEYS));
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
                                            + new TreeSet<>(TOOLS.get(key)));
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
}
