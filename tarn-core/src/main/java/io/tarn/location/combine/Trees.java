package io.tarn.location.combine;

import java.util.Optional;

import io.tarn.location.Location;

/** Walks over a location tree: its members are {@link Location#children()}, depth first and in order. */
public final class Trees {
    private Trees() {
    }

    /** The first location of {@code type} in the tree, depth first and in order (the tree itself when it is one). */
    public static <T extends Location> Optional<T> first(Location tree, Class<T> type) {
        if (type.isInstance(tree)) {
            return Optional.of(type.cast(tree));
        }
        for (Location child : tree.children()) {
            Optional<T> found = first(child, type);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
