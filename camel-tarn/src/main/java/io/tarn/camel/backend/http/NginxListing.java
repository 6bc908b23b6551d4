package io.tarn.camel.backend.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.Jsoner;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.format.KeyLayout;

/**
 * The keys of a lake served by nginx with {@code autoindex on; autoindex_format json;}: walks the level folders
 * lazily (one listing request per folder, when the stream reaches it) and keeps the names that the layout makes,
 * so {@code config.yml}, {@code tools/} and {@code .tmp/} are skipped.
 */
final class NginxListing {
    private final HttpLocation location;
    private final KeyLayout layout;
    private final HashAlgorithm algorithm;
    private final int[] widths;

    NginxListing(HttpLocation location, KeyLayout layout, HashAlgorithm algorithm) {
        this.location = location;
        this.layout = layout;
        this.algorithm = algorithm;
        this.widths = layout.widths(algorithm);
    }

    Stream<Key> keys() {
        return walk("", 0).map(relative -> layout.parse(relative, algorithm)).flatMap(Optional::stream);
    }

    /** Relative paths of the stored files under {@code folder} (which ends with '/' unless it is the root). */
    private Stream<String> walk(String folder, int depth) {
        boolean last = depth == widths.length - 1;
        String wanted = last ? "file" : "directory";
        return Stream.of(folder).flatMap(this::items)
                .filter(item -> wanted.equals(item.get("type")) && item.get("name") instanceof String name
                                && name.length() == widths[depth] && KeyLayout.isHex(name))
                .map(item -> folder + item.get("name"))
                .flatMap(path -> last ? Stream.of(path) : walk(path + "/", depth + 1));
    }

    private Stream<Map<?, ?>> items(String folder) {
        Optional<String> json = location.listing(folder);
        if (json.isEmpty()) {
            return Stream.empty();
        }
        Object parsed;
        try {
            parsed = Jsoner.deserialize(json.get());
        } catch (DeserializationException e) {
            throw new LocationException(location.reachability().location() + " did not list the folder '" + folder
                                        + "' as JSON (" + e.getMessage() + "): configure nginx with"
                                        + " 'autoindex on; autoindex_format json;' for the lake's root", e);
        }
        if (!(parsed instanceof List<?> items)) {
            throw new LocationException(location.reachability().location() + " listed the folder '" + folder
                                        + "' as something other than nginx's JSON array", null);
        }
        return items.stream().filter(Map.class::isInstance).map(item -> (Map<?, ?>) item);
    }
}
