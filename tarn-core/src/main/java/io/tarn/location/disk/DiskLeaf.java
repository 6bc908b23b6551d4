package io.tarn.location.disk;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;

import io.tarn.location.Location;
import io.tarn.spec.LeafFactory;

/**
 * The {@code disk} leaves of a location spec: {@code disk:path}, and the folders {@code /path}, {@code ./path},
 * {@code ../path}, {@code ~/path}. Reading the leaf checks the folder name; the lake is opened (its folders created)
 * only when the whole spec is valid.
 */
public final class DiskLeaf implements LeafFactory {

    @Override
    public Set<String> schemes() {
        return Set.of("disk");
    }

    @Override
    public Supplier<Location> parse(String leaf) {
        String path = leaf;
        if (leaf.startsWith("disk:")) {
            path = leaf.substring("disk:".length());
            if (path.isBlank()) {
                // Path.of("") is the working directory: a lake there is never what an empty folder meant
                throw new BadLeafException("a folder after disk:", "nothing");
            }
        } else if (leaf.startsWith("~/")) {
            path = System.getProperty("user.home") + leaf.substring(1);
        }
        Path folder;
        try {
            folder = Path.of(path);
        } catch (InvalidPathException e) {
            throw new BadLeafException("a folder name", "'" + path.replace("\0", "\\0") + "' (" + e.getReason() + ")");
        }
        return () -> DiskLocation.open(folder);
    }
}
