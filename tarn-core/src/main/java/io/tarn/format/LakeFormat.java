package io.tarn.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import io.tarn.HashAlgorithm;
import io.tarn.InvalidKeyException;
import io.tarn.Key;

/**
 * A tarn lake folder as any file-like transport sees it (a local disk, SFTP/SCP, HTTP): its {@code config.yml} gives
 * the key layout and the hash; a key's bytes are at the layout's path under the root, or in tarn's legacy layout in a
 * file {@value #LEGACY_VALUE} inside a folder at that path. Refuses a key of another digest size than the lake's.
 */
public record LakeFormat(DiskConfig config, KeyLayout layout, HashAlgorithm algorithm) {
    /** The file that holds a value in tarn's legacy layout, inside the folder named by the key. */
    public static final String LEGACY_VALUE = "data";

    public static LakeFormat of(DiskConfig config) {
        return new LakeFormat(config, new KeyLayout(config.levels()), config.algorithmOrDefault());
    }

    /** Reads a lake's config.yml; {@code source} names it in errors. */
    public static LakeFormat read(InputStream in, String source) throws IOException {
        return of(DiskConfig.read(in, source));
    }

    /**
     * The key's path relative to the root, e.g. {@code a9/48904f...}.
     *
     * @param lake the lake, as the error names it
     * @throws InvalidKeyException when the key is not of the lake's digest size
     */
    public String relative(Key key, Object lake) {
        return layout.relative(check(key, lake));
    }

    /**
     * @return the key, when it is of the lake's digest size
     * @throws InvalidKeyException naming the lake and its hash when it is not
     */
    public Key check(Key key, Object lake) {
        if (key.size() != algorithm.digestSize()) {
            throw new InvalidKeyException("Key " + key.hex() + " has " + key.size() + " bytes, but the lake at " + lake
                                          + " uses " + algorithm.name() + " (" + algorithm.digestSize() + " bytes)");
        }
        return key;
    }

    /** Where a key's bytes were found: its path, what the transport said of it, and whether in the legacy layout. */
    public record Found<P, S>(P path, S stat, boolean legacy) {
    }

    /** A transport's look at one path: what it holds, or empty when nothing is there. */
    @FunctionalInterface
    public interface Stat<P, S, E extends Exception> {
        Optional<S> stat(P path) throws E;
    }

    /**
     * Where the bytes of the key at {@code keyPath} are, through any file-like transport: the file at that path, or in
     * tarn's legacy layout the file {@value #LEGACY_VALUE} in a folder there. Empty when neither holds a file.
     *
     * @param isFolder whether a stat is of a folder
     * @param child    the path of a name inside a folder
     */
    public static <P, S, E extends Exception> Optional<Found<P, S>> find(P keyPath, Stat<P, S, E> stat,
            Predicate<S> isFolder, BiFunction<P, String, P> child) throws E {
        Optional<S> found = stat.stat(keyPath);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (!isFolder.test(found.get())) {
            return Optional.of(new Found<>(keyPath, found.get(), false));
        }
        P legacy = child.apply(keyPath, LEGACY_VALUE);
        return stat.stat(legacy).filter(s -> !isFolder.test(s)).map(s -> new Found<>(legacy, s, true));
    }

    /** Reads a lake's config.yml through a transport, or finds none. */
    @FunctionalInterface
    public interface Source {
        /** @return the lake's format, or empty when the transport finds no config.yml */
        Optional<LakeFormat> read() throws Exception;
    }

    /** A lake's format read once through its transport; while the lake has no config.yml it is asked again each time. */
    public static final class Once {
        private final Source source;
        private volatile LakeFormat known;

        public Once(Source source) {
            this.source = source;
        }

        public Optional<LakeFormat> get() throws Exception {
            LakeFormat format = known;
            if (format != null) {
                return Optional.of(format);
            }
            Optional<LakeFormat> read = source.read();
            read.ifPresent(found -> known = found);
            return read;
        }
    }
}
