package io.tarn.lake;

import java.nio.file.Path;

import io.tarn.LocationSpecException;
import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.disk.LazyDiskLocation;

/**
 * The lake of a folder, in Python tarn's disk format: the facade chooses the engine (the disk backend), so that the
 * code above it (camel-tarn, the memo) names a folder, never the backend.
 */
public final class Folders {
    private Folders() {
    }

    /**
     * The lake in {@code root}, opened now, or created when there is none with Python tarn's default config and
     * {@code usage: StatUsage} (as {@link Lake#open(Path)}).
     */
    public static Location open(Path root) {
        return DiskLocation.open(root);
    }

    /** As {@link #open(Path)}, the folder given as text (an option's value). */
    public static Location open(String root) {
        if (root == null || root.isBlank()) {
            throw new LocationSpecException("A disk lake needs a folder");
        }
        return open(Path.of(root));
    }

    /**
     * The lake in {@code root}: opened now when the folder holds one, else a location that only its first write
     * creates; every other operation fails with a {@link io.tarn.LakeNotFoundException} naming the folder meanwhile.
     */
    public static Location lazily(Path root) {
        return LazyDiskLocation.of(root);
    }
}
