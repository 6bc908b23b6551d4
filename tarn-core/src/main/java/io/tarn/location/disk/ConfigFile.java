package io.tarn.location.disk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.format.DiskConfig;

/**
 * A disk lake's config.yml when the lake is opened: an existing one is kept (and must agree with what the caller
 * asks for), a missing one is written once, atomically, the first of concurrent creators winning. A lake whose folder
 * or config.yml cannot be made opens read-only, saying why.
 */
final class ConfigFile {
    /** The configuration a lake opens with, and why it takes no writes (null when it does). */
    record Opened(DiskConfig config, String readOnly) {
    }

    private ConfigFile() {
    }

    /**
     * @param absolute the lake's folder, absolute and normalised
     * @param wanted   the configuration asked for, or null for the lake's own (a new lake gets
     *                 {@link DiskConfig#forNewLake()})
     * @throws LocationSpecException if config.yml is malformed, a link, or disagrees with {@code wanted}
     */
    static Opened open(Path absolute, DiskConfig wanted) {
        return open(absolute, wanted, wanted == null ? DiskConfig.forNewLake() : wanted);
    }

    /**
     * @param absolute the lake's folder, absolute and normalised
     * @param wanted   the configuration asked for, or null for the lake's own
     * @param created  what a new lake gets (equal to {@code wanted} when that is given)
     */
    static Opened open(Path absolute, DiskConfig wanted, DiskConfig created) {
        Path file = absolute.resolve(DiskConfig.FILE_NAME);
        try {
            Optional<DiskConfig> existing = Files.isDirectory(absolute) ? DiskConfig.read(file) : Optional.empty();
            if (existing.isPresent()) {
                DiskConfig config = existing.get();
                if (wanted != null && !wanted.equals(config)) {
                    throw new LocationSpecException("The lake at " + absolute + " is configured as {" + config.describe().trim()
                                                    + "} in its config.yml, which differs from the requested {"
                                                    + wanted.describe().trim() + "}: change one to match the other");
                }
                return new Opened(config, null);
            }
            DiskConfig config = created;
            if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
                throw new LocationSpecException("Cannot open a disk lake at " + absolute + ": it is a file, not a folder");
            }
            String readOnly = null;
            try {
                Files.createDirectories(absolute);
                write(file, config);
            } catch (IOException e) {
                readOnly = (Files.isDirectory(absolute) ? "cannot write its " + DiskConfig.FILE_NAME
                        : "the folder does not exist and cannot be created") + ": " + Refusal.reason(e);
            }
            return new Opened(config, readOnly);
        } catch (IOException e) {
            throw new LocationException("Cannot open the disk lake at " + absolute + ": " + e, e);
        }
    }

    private static void write(Path file, DiskConfig config) throws IOException {
        // unique per call: threads of one process may create the same lake at once, and must not share a part file
        Path part = file.resolveSibling(DiskConfig.FILE_NAME + "." + ProcessHandle.current().pid() + "."
                                        + TemporaryFiles.suffix() + ".part");
        Files.writeString(part, config.toYaml(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        try {
            // another process may create the lake at the same time: the first config wins
            Files.createLink(file, part);
        } catch (FileAlreadyExistsException e) {
            // fine: someone else initialised it
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Refusal.of(e).isPresent()) {
                throw e;
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Whether a file name in the lake's root is a config.yml part file that a crash may leave behind. */
    static boolean isPart(String name) {
        return name.startsWith(DiskConfig.FILE_NAME + ".") && name.endsWith(".part");
    }
}
