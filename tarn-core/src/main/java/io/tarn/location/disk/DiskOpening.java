package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.format.DiskConfig;

/** How a disk lake opens: whether it takes writes, and the folders tarn makes on open. */
final class DiskOpening {
    private static final Logger LOG = LoggerFactory.getLogger(DiskLocation.class);

    private DiskOpening() {
    }

    /**
     * Why the lake takes no writes, or null: the reason given (its config.yml could not be written), a root that could
     * not be read ({@code folders} null), a file system mounted read-only, or a folder tarn makes on open that cannot be
     * made ({@code .tmp/}, {@code tools/usage}, {@code tools/labels}: git and other copies drop empty folders, so they
     * are made again as tarn does). A lake that opens read-only says so once, at WARN.
     */
    static String readOnlyReason(Path root, String given, FileStore store, LakeFolders folders, Path tmp, Tools tools) {
        String reason = given;
        if (reason == null && store.isReadOnly()) {
            reason = "its file system is mounted read-only";
        }
        if (reason == null) {
            List<Path> made = new ArrayList<>(List.of(tmp));
            made.addAll(tools.roots());
            for (Path folder : made) {
                try {
                    folders.ensure(folder);
                } catch (IOException e) {
                    reason = "cannot create the folder " + folder + ": " + Refusal.reason(e);
                    break;
                }
            }
        }
        if (reason != null) {
            LOG.warn("The disk lake at {} opens read-only: {}. It reads, and declines every write.", root, reason);
        }
        return reason;
    }

    /** Why a lake records no use: read-only here, or its config.yml keeps no usage marks (and what to add). */
    static Optional<String> howToRecordUse(Path root, String readOnly, DiskConfig config) {
        if (readOnly != null) {
            return Optional.of("It is read-only here (" + readOnly + "): no usage mark can be written.");
        }
        if (config.keepsUsage()) {
            return Optional.empty();
        }
        return Optional.of("Add `usage: StatUsage` to " + root.resolve(DiskConfig.FILE_NAME) + " (tarn's usage marks,"
                           + " which Python tarn keeps too): every read, write and touch then marks its value, and gc"
                           + " marks a value it finds without a mark and keeps it, so that it goes at the earliest"
                           + " olderThan after that.");
    }
}
