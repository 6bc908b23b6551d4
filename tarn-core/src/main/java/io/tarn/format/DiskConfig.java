package io.tarn.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
        return ConfigYamlReader.read(file);
    }

    /** Reads config.yml text from a stream (a remote lake's), refusing more than {@link #MAX_BYTES}. */
    public static DiskConfig read(InputStream in, String source) throws IOException {
        return ConfigYamlReader.read(in, source);
    }

    /**
     * Parses config.yml text. Every refusal is a {@link LocationSpecException} naming the file and, where the text
     * has one, the line and column.
     *
     * @param source names the file in error messages
     */
    public static DiskConfig parse(String text, String source) {
        return ConfigYamlReader.parse(text, source);
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

    /**
     * The config.yml text, byte for byte what Python tarn 0.14.0 writes for the same settings under pydantic 1
     * ({@code yaml.safe_dump} of {@code StorageConfig.dict(exclude_defaults=True, exclude_none=True)}): keys sorted, the
     * hash's kwargs beside its name, every tool with {@code kwargs: {}}. Under pydantic 2 tarn nests the hash's kwargs
     * under {@code kwargs:} and writes tools without them; {@link #parse} reads both.
     */
    public String toYaml() {
        return ConfigYamlWriter.toYaml(this);
    }

    /** The config.yml text for messages and logs: a locker's password masked. */
    public String describe() {
        String text = toYaml();
        return locker == null ? text : text.replace(locker.toYaml(), "  " + locker + "\n");
    }
}
