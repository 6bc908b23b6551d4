package io.tarn.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tarn.LocationException;
import io.tarn.location.Location;

/**
 * Where a lake stages large values by default: in the disks of its tree that may store them, in the order they are
 * offered writes (read-only disks, levels that take no writes and {@code readonly(...)} are never used), so that
 * storing a value is a rename; then in a temporary folder of this process's own.
 */
final class SpoolFolders {
    private SpoolFolders() {
    }

    static List<Path> of(Location location) {
        List<Path> folders = new ArrayList<>(location.spoolFolders());
        folders.add(PrivateSpool.FOLDER);
        return List.copyOf(folders);
    }

    /** A folder under java.io.tmpdir that only this process's user can enter, made on first use. */
    private static final class PrivateSpool {
        static final Path FOLDER = create();

        private static Path create() {
            try {
                Path folder = Files.createTempDirectory("camel-tarn-spool-");
                folder.toFile().deleteOnExit();
                return folder;
            } catch (IOException e) {
                throw new LocationException("Cannot create a temporary spool folder in " + System.getProperty(
                        "java.io.tmpdir") + ": " + e + ". Give the lake a spool folder (option spoolFolder)", e);
            }
        }
    }
}
