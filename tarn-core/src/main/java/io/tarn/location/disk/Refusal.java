package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells the failures of a disk that mean "this disk cannot take it" (full, over quota, read-only, not writable by this
 * user), on which a write declines so that the next location is offered the value, from real errors; and words every
 * failure as the operating system put it, naming the file.
 */
final class Refusal {
    private Refusal() {
    }

    /** Why the disk refused, in words for the caller, when the failure is one of those; empty otherwise. */
    static Optional<String> of(Throwable failure) {
        if (!(failure instanceof IOException e)) {
            return Optional.empty();
        }
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        Path file = e instanceof FileSystemException fs && fs.getFile() != null ? Path.of(fs.getFile()) : null;
        if (e instanceof AccessDeniedException || "Permission denied".equals(reason)) {
            return Optional.of("permission denied" + (file == null ? "" : " on " + file));
        }
        if (reason == null) {
            return Optional.empty();
        }
        // the file of a failed copy may be its source: the disk that is full is the one written to, not named
        if (reason.contains("No space left on device")) {
            return Optional.of("no space left on device");
        }
        if (reason.contains("Disk quota exceeded")) {
            return Optional.of("disk quota exceeded");
        }
        if (reason.contains("Read-only file system")) {
            Path folder = file == null ? null : file.getParent() == null ? file : file.getParent();
            return Optional.of(folder == null ? "the file system is read-only" : "the folder " + folder
                                                                                 + " is on a read-only file system");
        }
        return Optional.empty();
    }

    /** Whether a link or rename failed because source and target are on different mounts. */
    static boolean crossDevice(Throwable e) {
        return e instanceof AtomicMoveNotSupportedException
               || e instanceof FileSystemException fs && fs.getReason() != null && fs.getReason().contains("cross-device");
    }

    /** The failure as the operating system put it, with the file it concerned. */
    static String reason(Throwable e) {
        Optional<String> refusal = of(e);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile() == null ? "" : fs.getFile() + ": ";
            return file + (fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName());
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
