package io.tarn.reliability.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tarn.format.DiskConfig;
import io.tarn.format.LockerConfig;
import io.tarn.location.disk.DiskLocation;

/**
 * A tree shape the model runs: a name (how failures name it) and how to make its spec for one
 * chain, in a fresh folder with prefixes of its own on the servers.
 *
 * @param children whether its chains also run a second JVM on the tree (and kill it)
 */
public record Shape(String name, Resolver resolver, boolean children) {

    /** Makes the spec of one chain, in {@code folder}. */
    @FunctionalInterface
    public interface Resolver {
        String spec(Path folder) throws Exception;
    }

    /** How the names of the shapes the docs show start. */
    public static final String DOCS = "docs: ";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    /**
     * A shape written with placeholders: {@code {A}}, {@code {B}}, {@code {C}} are disk lakes in the chain's folder,
     * made first with the config given for them (the defaults when none); {@code {redis}} and {@code {s3}} are leaves
     * on the real servers.
     */
    static Shape of(String name, String template, Map<String, Supplier<DiskConfig>> configs, boolean children) {
        return new Shape(name, folder -> {
            Matcher placeholder = PLACEHOLDER.matcher(template);
            StringBuilder spec = new StringBuilder();
            String prefix = Servers.prefix();
            while (placeholder.find()) {
                String word = placeholder.group(1);
                String leaf = switch (word) {
                    case "redis" -> Servers.get().redisLeaf(prefix);
                    case "s3" -> Servers.get().s3Leaf(prefix);
                    default -> {
                        Path lake = folder.resolve(word);
                        if (configs.containsKey(word)) {
                            Files.createDirectories(lake);
                            DiskLocation.open(lake, configs.get(word).get()).close();
                        }
                        yield lake.toString();
                    }
                };
                placeholder.appendReplacement(spec, Matcher.quoteReplacement(leaf));
            }
            placeholder.appendTail(spec);
            return spec.toString();
        }, children);
    }

    /** Keeps usage marks and labels, as Python tarn's StatUsage and JsonLabels. */
    static DiskConfig statUsage() {
        return DiskConfig.defaults().withTools();
    }

    /** StatUsage and JsonLabels, and Python tarn's RedisLocker on the real redis-server. */
    static DiskConfig redisLocker() {
        return statUsage().withLocker(LockerConfig.redis("127.0.0.1", Servers.get().redisPort(),
                "tarn-model-" + Servers.prefix(), 60));
    }

    @Override
    public String toString() {
        return name;
    }
}
