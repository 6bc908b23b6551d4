package io.tarn.location.disk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.Value;
import io.tarn.location.Collisions;

/**
 * How a disk lake puts a value in place: the bytes go to a new file in {@code .tmp/} (linked there when the value is
 * a file on the same disk, else copied, created with the values' mode when the umask keeps it), which is then linked
 * to the key's path, never replacing what another writer put there first: that is compared byte for byte
 * ({@link Collisions}). The temporary file is gone when a call returns, whatever happened.
 */
final class WriteProtocol {
    private final Path root;
    private final LakeFolders folders;
    private final TemporaryFiles temporary;
    private final ValueFiles files;
    private final DiskQuota quota;
    private final Umask umask;

    WriteProtocol(Path root, Path tmp, LakeFolders folders, ValueFiles files, DiskQuota quota) {
        this.root = root;
        this.folders = folders;
        this.temporary = new TemporaryFiles(root, tmp);
        this.files = files;
        this.quota = quota;
        this.umask = new Umask(tmp);
    }

    /**
     * Stores the value of {@code size} bytes (-1: unknown) at {@code file}, the key's path, which held nothing when
     * the caller looked.
     *
     * @return whether this call put it there (false: another writer was first, with the same bytes)
     * @throws IOException as the file system says, a refusal among them (full, read-only, no permission)
     */
    boolean put(Key key, Value value, long size, Path file) throws IOException {
        Path folder = file.getParent();
        Path part = temporary.next(key.hex());
        try {
            if (!folders.known(folder)) {
                folders.ensure(folder);
            }
            boolean modeSet = false;
            if (!value.linkTo(part)) {
                modeSet = copy(value, part);
            }
            long written = size >= 0 ? size : Files.size(part);
            if (folders.valueMode() != null) {
                if (!modeSet) {
                    NoFollow.setMode(part, LakeFolders.bits(folders.valueMode()));
                }
                folders.setGroupIfNeeded(part);
            }
            boolean placed;
            try {
                placed = place(key, part, file);
            } catch (NoSuchFileException e) {
                // the folder was removed since this location made it: make it again
                folders.forget(folder);
                folders.ensure(folder);
                placed = place(key, part, file);
            }
            quota.changed(written);
            return placed;
        } finally {
            TemporaryFiles.delete(part);
        }
    }

    /**
     * Puts a finished temporary file in place without ever replacing what another writer put there. When another
     * writer was first, the bytes are compared through {@code part}: what stands there is never trusted blindly.
     *
     * @return whether this call put it there (false: another writer was first)
     */
    private boolean place(Key key, Path part, Path file) throws IOException {
        try {
            Files.createLink(file, part);
            return true;
        } catch (FileAlreadyExistsException e) {
            checkSame(key, Value.of(part), files.existing(key, file));
            return false;
        } catch (NoSuchFileException e) {
            throw e; // the value's folder is gone: put() makes it again
        } catch (UnsupportedOperationException | FileSystemException e) {
            Optional<String> refusal = Refusal.of(e);
            if (refusal.isEmpty() && Refusal.crossDevice(e)) {
                // .tmp/ and the value's folder are different mounts: a read-only bind mount says so as EXDEV
                Path folder = file.getParent();
                if (Files.getFileStore(folder).isReadOnly()) {
                    throw new FileSystemException(folder.toString(), null, "Read-only file system");
                }
                throw new LocationException("The disk lake at " + root + " cannot store key " + key.hex() + ": its .tmp/"
                                            + " and " + folder + " are on different file systems, and a value is put in"
                                            + " place by a link: keep a lake's folders on one file system", e);
            }
            if (refusal.isPresent()) {
                throw e;
            }
            // a file system without hard links
            if (file.toFile().exists()) {
                checkSame(key, Value.of(part), files.existing(key, file));
                return false;
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    /**
     * Copies the value into the new file {@code target}; returns whether the file was created with the values' mode
     * already (a stream copy under a umask that keeps it), which saves a chmod per write.
     */
    private boolean copy(Value value, Path target) throws IOException {
        Optional<Path> source = value.file();
        if (source.isPresent()) {
            Files.copy(source.get(), target);
            return false;
        }
        Set<PosixFilePermission> mode = folders.valueMode();
        boolean withMode = mode != null && umask.keeps(mode);
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (InputStream in = value.open();
             OutputStream out = Channels.newOutputStream(withMode
                     ? Files.newByteChannel(target, options, PosixFilePermissions.asFileAttribute(mode))
                     : Files.newByteChannel(target, options))) {
            in.transferTo(out);
        }
        return withMode;
    }

    /** @throws io.tarn.CollisionException if {@code existing} does not hold the value's bytes */
    void checkSame(Key key, Value value, Path existing) throws IOException {
        if (value.file().map(f -> f.equals(existing)).orElse(false)
                && (value.size() < 0 || value.size() == Files.size(existing))) {
            return;
        }
        Collisions.check(key, value, Files.size(existing), () -> NoFollow.open(existing), "the disk lake at " + root);
    }
}
