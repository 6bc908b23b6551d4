package io.tarn.lake;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import io.tarn.HashAlgorithm;
import io.tarn.Ingest;
import io.tarn.Key;

/**
 * A local file being taken into the lake ({@link Ingest#MOVE}, {@link Ingest#LINK}) and the value spooled from it.
 * <p>
 * A file of at least {@link Ingest#ADOPTED_FROM} bytes that may be adopted ({@link Source#adoptable}) becomes the
 * stored value itself: it is hard-linked into the first spool folder on its file system, made read-only (from then on
 * only root, or its owner after a chmod, can open it for writing), checked to be open for writing or mapped writable
 * by no process ({@link FileWriters}), and hashed through that link. Any other file is copied into the spool, and the
 * lake owns the copy. Either way a file that is not the same file, of the same size and modification time, after
 * hashing as before is refused and left as it was, with its permissions.
 * <p>
 * The caller stores the value, removes the file's name for a move ({@link #removeSource}), then asks whether an
 * adopted file changed since it was hashed ({@link #changedSinceHashed}); when it did, the caller takes the value out
 * of the lake again and hands the file back ({@link #giveBack}). A copy is the lake's as soon as it is stored: later
 * changes to the file do not reach it.
 */
final class Taken implements Closeable {
    private static final Random RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> WRITE = EnumSet.of(PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final Spooled spooled;
    private final Source source;
    /** Whether the file itself is the value (else the value is a copy). */
    private final boolean adopted;
    /** Whether {@link #removeSource} removed the file's name. */
    private boolean sourceRemoved;
    /** Whether the spool's name must stay: the file could not be given back its own. */
    private boolean keepSpoolName;

    private Taken(Spooled spooled, Source source, boolean adopted) {
        this.spooled = spooled;
        this.source = source;
        this.adopted = adopted;
    }

    /**
     * Hashes the file, adopting it or copying it (see the class comment). The file's name is not touched.
     *
     * @throws IOException when the file is not a regular file, changed while it was hashed, or is still written by a
     *                     process; the file is then as it was
     */
    static Taken take(Path source, HashAlgorithm algorithm, List<Path> folders, int memoryLimit) throws IOException {
        Source before = Source.of(source);
        if (!before.regular()) {
            throw new IOException("The file " + source + " is not a regular file (a link, a folder or a device), and only"
                                  + " a regular file is moved into a lake: store it with ingest=copy");
        }
        if (before.size() >= Ingest.ADOPTED_FROM && before.size() > memoryLimit && before.adoptable()) {
            for (Path folder : folders) {
                Path link = folder.resolve("take-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part");
                try {
                    Files.createDirectories(folder);
                    Files.createLink(link, source);
                } catch (IOException | UnsupportedOperationException e) {
                    continue; // another file system, or one without links: the next folder, else a copy
                }
                try {
                    return new Taken(adopt(before, link, algorithm), before, true);
                } catch (IOException | RuntimeException | Error e) {
                    Files.deleteIfExists(link);
                    throw e;
                }
            }
        }
        Spooled spooled = Spooled.spool(source, algorithm, folders, memoryLimit);
        if (!before.unchanged(source)) {
            spooled.close();
            throw FileSpool.changed(source, spooled.size(), -1, null);
        }
        return new Taken(spooled, before, false);
    }

    /**
     * Makes the file behind {@code link} read-only, checks that no process could still write it, and hashes it; on
     * failure its permissions are restored.
     */
    private static Spooled adopt(Source before, Path link, HashAlgorithm algorithm) throws IOException {
        if (!before.sameFile(link)) { // the name was given to another file between the look and the link
            throw FileSpool.changed(before.path(), 0, -1, null);
        }
        Set<PosixFilePermission> readOnly = EnumSet.noneOf(PosixFilePermission.class);
        readOnly.addAll(before.permissions());
        readOnly.removeAll(WRITE);
        Files.setPosixFilePermissions(link, readOnly);
        try {
            // before the hash, while a lock this process holds on the file is still there to be seen: reading the file
            // (and closing it) drops every POSIX lock of this process on it
            Optional<String> writer = FileWriters.find(link);
            if (writer.isPresent()) {
                throw new IOException("The file " + before.path() + " is still open for writing: " + writer.get()
                                      + ". Hand a file over to be moved only once it is complete and closed");
            }
            // from here on only root can open it for writing; what it writes meanwhile changes the size or time
            MessageDigest digest = algorithm.newDigest();
            FileSpool.Hashed hashed = FileSpool.hash(link, digest);
            if (!hashed.whole() || hashed.bytes() != before.size() || !before.unchanged(link)) {
                throw FileSpool.changed(before.path(), hashed.bytes(), -1, null);
            }
            return Spooled.inFile(Key.of(digest.digest()), hashed.bytes(), link);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.setPosixFilePermissions(link, before.permissions());
            } catch (IOException | RuntimeException other) {
                e.addSuppressed(other);
            }
            throw e;
        }
    }

    Spooled spooled() {
        return spooled;
    }

    /**
     * Removes the file's name, once its value is stored, if it still names the file that was hashed, unchanged; a name
     * that names another file now, or a file that changed, is left where it is.
     *
     * @return why the name was left, or empty when it is gone
     */
    Optional<String> removeSource() throws IOException {
        if (!Files.exists(source.path(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty(); // removed by somebody else already
        }
        if (!source.sameFile(source.path())) {
            return Optional.of("its name was given to another file meanwhile, which is not stored");
        }
        if (!source.unchanged(source.path())) {
            return Optional.of("it was written to after it was copied (the lake keeps the bytes it had when it was"
                               + " hashed). Store it again once nothing writes to it");
        }
        Files.deleteIfExists(source.path());
        sourceRemoved = true;
        return Optional.empty();
    }

    /**
     * For an adopted file whose value is stored (and whose name a move removed): whether it changed (size,
     * modification time) since it was hashed, which only a process the read-only mode does not stop (root, or the
     * owner after a chmod) could have done. A copy never changes.
     */
    boolean changedSinceHashed() throws IOException {
        return adopted && !source.unchanged(spooled.file().orElseThrow());
    }

    /**
     * Hands an adopted file back as it was before it was taken: its name again if {@link #removeSource} removed it (a
     * name beside it when that one was taken meanwhile), its permissions. A copied file was never touched.
     *
     * @return where the file is
     */
    Path giveBack() throws IOException {
        if (!adopted) {
            return source.path();
        }
        Path link = spooled.file().orElseThrow();
        Path at = source.path();
        if (sourceRemoved) {
            try {
                try {
                    Files.createLink(at, link);
                } catch (FileAlreadyExistsException e) {
                    at = at.resolveSibling(at.getFileName() + ".refused-" + Long.toUnsignedString(RANDOM.nextLong(), 36));
                    Files.createLink(at, link);
                }
            } catch (IOException e) {
                keepSpoolName = true;
                throw new IOException("the file could not be put back at " + source.path() + " (" + e + "): it is kept"
                                      + " at " + link + ", which verify removes after an hour: move it out", e);
            }
            sourceRemoved = false;
        }
        Files.setPosixFilePermissions(link, source.permissions());
        return at;
    }

    /** Removes the spool's name of the file (the lake keeps its own), unless the file could not be given back. */
    @Override
    public void close() throws IOException {
        if (!keepSpoolName) {
            spooled.close();
        }
    }

    /** What a local file was when it was looked at: which file (inode), how large, modified when, whose, how many names. */
    record Source(Path path, boolean regular, Object fileKey, long size, FileTime modified, int owner, int links,
                  Set<PosixFilePermission> permissions) {
        private static final int OWN_UID = ownUid();

        static Source of(Path path) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int owner = -1;
            int links = -1;
            Set<PosixFilePermission> permissions = Set.of();
            if (OWN_UID >= 0 && attributes.isRegularFile()) {
                Map<String, Object> unix = Files.readAttributes(path, "unix:uid,nlink,mode", LinkOption.NOFOLLOW_LINKS);
                owner = (Integer) unix.get("uid");
                links = (Integer) unix.get("nlink");
                permissions = permissions((Integer) unix.get("mode"));
            }
            return new Source(path, attributes.isRegularFile(), attributes.fileKey(), attributes.size(),
                    attributes.lastModifiedTime(), owner, links, permissions);
        }

        /**
         * Whether the file may become a stored value itself: it is this user's (another user could change the value
         * through it), has no other name (through which it could be changed unseen), and every process that could
         * hold it open is visible ({@link FileWriters}): on Linux, and, unless this process is root, only when no
         * other user may write it (their processes are not visible).
         */
        boolean adoptable() {
            return OWN_UID >= 0 && owner == OWN_UID && links == 1 && fileKey != null && FileWriters.visible()
                   && (OWN_UID == 0 || permissions.stream().noneMatch(p -> p == PosixFilePermission.GROUP_WRITE
                                                                          || p == PosixFilePermission.OTHERS_WRITE));
        }

        /** Whether {@code name} now names this same file, whatever its size. */
        boolean sameFile(Path name) throws IOException {
            BasicFileAttributes now = Files.readAttributes(name, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return fileKey != null && fileKey.equals(now.fileKey());
        }

        /** Whether {@code name} names this file with its size and modification time unchanged. */
        boolean unchanged(Path name) throws IOException {
            BasicFileAttributes now;
            try {
                now = Files.readAttributes(name, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return false;
            }
            return now.isRegularFile() && now.size() == size && now.lastModifiedTime().equals(modified)
                   && (fileKey == null || fileKey.equals(now.fileKey()));
        }

        private static Set<PosixFilePermission> permissions(int mode) {
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ (0400) ... OTHERS_EXECUTE (0001)
            for (int i = 0; i < bits.length; i++) {
                if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                    permissions.add(bits[i]);
                }
            }
            return permissions;
        }

        private static int ownUid() {
            try {
                return (int) new com.sun.security.auth.module.UnixSystem().getUid();
            } catch (LinkageError | RuntimeException e) {
                return -1; // not a Unix: files are never adopted, only copied
            }
        }
    }
}
