package io.tarn.format;

import java.util.List;
import java.util.Optional;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationSpecException;

/**
 * How a key's hex is cut into folders, as Python tarn's {@code key_to_relative} does: {@code levels} are byte
 * counts (two hex characters each), and a last level of -1 takes the rest. Disk lakes use their config.yml's levels
 * ({@code [1, -1]} by default), tarn's S3 layout is {@code [2, -1]}.
 */
public record KeyLayout(List<Integer> levels) {

    /** Python tarn's default: {@code a9/48904f...}. */
    public static final KeyLayout DEFAULT = new KeyLayout(List.of(1, -1));

    public KeyLayout {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new LocationSpecException("A key layout needs at least one level, e.g. [1, -1]");
        }
        for (int i = 0; i < levels.size(); i++) {
            int level = levels.get(i);
            if (level <= 0 && !(level == -1 && i == levels.size() - 1)) {
                throw new LocationSpecException("Levels " + levels + ": every level is a positive number of bytes,"
                                                + " and only the last one may be -1 (the rest of the key)");
            }
        }
    }

    public static KeyLayout of(Integer... levels) {
        return new KeyLayout(List.of(levels));
    }

    /** The relative path of a key, with '/' between the parts: {@code a9/48904f...}. */
    public String relative(Key key) {
        String hex = key.hex();
        StringBuilder path = new StringBuilder(hex.length() + levels.size());
        int start = 0;
        for (int level : levels) {
            int stop = level == -1 ? hex.length() : Math.min(hex.length(), start + 2 * level);
            if (start > 0) {
                path.append('/');
            }
            path.append(hex, start, stop);
            start = stop;
        }
        return path.toString();
    }

    /** The hex widths of each part for keys of the given algorithm. */
    public int[] widths(HashAlgorithm algorithm) {
        int[] widths = new int[levels.size()];
        int used = 0;
        for (int i = 0; i < widths.length; i++) {
            widths[i] = levels.get(i) == -1 ? algorithm.digestSize() * 2 - used : 2 * levels.get(i);
            used += widths[i];
        }
        return widths;
    }

    /**
     * The key stored at a relative path ('/' between parts), or empty when the path is not one this layout makes
     * (a stray file, a temporary name, another folder).
     */
    public Optional<Key> parse(String relative, HashAlgorithm algorithm) {
        String[] parts = relative.split("/", -1);
        int[] widths = widths(algorithm);
        if (parts.length != widths.length) {
            return Optional.empty();
        }
        StringBuilder hex = new StringBuilder(algorithm.digestSize() * 2);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.length() != widths[i]) {
                return Optional.empty();
            }
            if (!isHex(part)) {
                return Optional.empty();
            }
            hex.append(part);
        }
        return Optional.of(Key.parse(hex.toString(), algorithm));
    }

    /** Whether a name is lowercase hex only, as the parts of a key's path are. */
    public static boolean isHex(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
