package io.tarn.location.disk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.tarn.location.FailureLog;
import io.tarn.location.disk.NoFollow.Kind;

/**
 * The folders of one disk lake, and how entries are made in them. Folders take the root's permission bits and group
 * (as tarn gives them), plus the sticky bit when they are world-writable, so that nobody may rename or remove what
 * another user put there; usage marks and labels files are never writable by others; stored values get the root's
 * read bits. Every folder on the way from the root is a real folder, never a link: a folder is looked at once per
 * process, then remembered.
 */
final class LakeFolders {
    private final Path root;
    /** Permission bits of the folders it creates (the root's, sticky when world-writable), -1 off POSIX. */
    private final int folderMode;
    /** Permission bits of usage marks and labels files, -1 off POSIX. */
    private final int toolFileMode;
    /** The same as permissions (null off POSIX), and whether the process's umask keeps them all. */
    private final Set<PosixFilePermission> toolFilePermissions;
    private final Umask umask;
    /** Permissions of stored values: the root's read bits; null off POSIX. */
    private final Set<PosixFilePermission> valueMode;
    private final GroupPrincipal group;
    /**
     * Folders below the root known to be real folders, every one between them and the root too: value folders (at
     * most 65,536 at [1,1,-1]) and those of usage marks and labels.
     */
    private final Set<Path> known = ConcurrentHashMap.newKeySet();
    private final FailureLog foreignEntries;
    private volatile Boolean chownFiles;

    /** The folders below {@code root}, whose mode and group they copy; {@code foreignEntries} tells of links met. */
    LakeFolders(Path root, FailureLog foreignEntries) throws IOException {
        this.root = root;
        this.foreignEntries = foreignEntries;
        int rootMode = -1;
        GroupPrincipal rootGroup = null;
        if (Files.getFileStore(root).supportsFileAttributeView("unix")) {
            rootMode = (Integer) Files.getAttribute(root, "unix:mode") & 0777;
            rootGroup = Files.readAttributes(root, PosixFileAttributes.class).group();
        }
        boolean worldWritable = rootMode >= 0 && (rootMode & NoFollow.OTHERS_WRITE) != 0;
        this.folderMode = rootMode < 0 ? -1 : rootMode | (worldWritable ? NoFollow.STICKY : 0);
        this.toolFileMode = rootMode < 0 ? -1
                : rootMode & 0666 & ~NoFollow.OTHERS_WRITE & ~(worldWritable ? NoFollow.GROUP_WRITE : 0);
        this.toolFilePermissions = rootMode < 0 ? null : permissions(toolFileMode);
        this.umask = new Umask(root.resolve(".tmp"));
        this.valueMode = rootMode < 0 ? null : permissions(rootMode & 0444);
        this.group = rootGroup;
    }

    /** The permissions of stored values (the root's read bits), or null off POSIX. */
    Set<PosixFilePermission> valueMode() {
        return valueMode;
    }

    /**
     * mkdir -p below the root, never through a link: every folder on the way must be a real folder; each new one is
     * made private first and then gets the folders' mode and group, before anyone else may put anything in it.
     *
     * @throws FileSystemException if something on the way is a link or not a folder
     */
    void ensure(Path folder) throws IOException {
        if (folder.equals(root) || known.contains(folder)) {
            return;
        }
        ensure(folder.getParent());
        Kind kind = NoFollow.kind(folder);
        if (kind == Kind.MISSING) {
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(EnumSet.of(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
                if (folderMode >= 0) {
                    // keep the set-group bit the folder inherits from its parent
                    NoFollow.setMode(folder, folderMode | NoFollow.mode(folder) & NoFollow.SET_GROUP);
                    if (!NoFollow.group(folder).equals(group)) {
                        NoFollow.setGroup(folder, group);
                    }
                }
                kind = Kind.FOLDER;
            } catch (FileAlreadyExistsException e) {
                kind = NoFollow.kind(folder);
            }
        }
        if (kind != Kind.FOLDER) {
            throw new FileSystemException(folder.toString(), null, "it is " + kind.describe() + " where a folder of the"
                                                                  + " lake belongs; nothing is written through it");
        }
        known.add(folder);
    }

    /** Forgets a folder found missing since it was made (removed by someone else): the next write makes it again. */
    void forget(Path folder) {
        known.remove(folder);
    }

    /** Whether a folder is known to exist, so that a write need not look. */
    boolean known(Path folder) {
        return known.contains(folder);
    }

    /**
     * Whether every folder from the root down to {@code folder} is a real folder, no link; remembered once true.
     *
     * @param remember whether to keep the answer (not for tarn's legacy value folders: one per key)
     */
    boolean trusted(Path folder, boolean remember) {
        if (folder.equals(root) || known.contains(folder)) {
            return true;
        }
        if (!folder.startsWith(root) || !trusted(folder.getParent(), true)) {
            return false;
        }
        Kind kind = NoFollow.kind(folder);
        if (kind != Kind.FOLDER) {
            foreign(folder, kind);
            return false;
        }
        if (remember) {
            known.add(folder);
        }
        return true;
    }

    /** Whether a path that resolves to a file or folder is that entry itself, below folders that are no links. */
    boolean inside(Path path, boolean rememberFolder) {
        return attributesInside(path, rememberFolder) != null;
    }

    /**
     * The attributes of a path that resolves to a file or folder when it is that entry itself, below folders that are
     * no links; else null.
     */
    BasicFileAttributes attributesInside(Path path, boolean rememberFolder) {
        return attributesInside(path, NoFollow.attributes(path), rememberFolder);
    }

    /** {@link #attributesInside(Path, boolean)} with the look at the path already made (null: nothing there). */
    BasicFileAttributes attributesInside(Path path, BasicFileAttributes attributes, boolean rememberFolder) {
        Kind kind = attributes == null ? Kind.MISSING : NoFollow.kind(attributes);
        if (kind != Kind.FILE && kind != Kind.FOLDER) {
            foreign(path, kind);
            return null;
        }
        return trusted(path.getParent(), rememberFolder) ? attributes : null;
    }

    /** Tells of a foreign entry met on the way (once per outage). */
    void foreign(Path path, Kind kind) {
        if (kind != Kind.MISSING) {
            foreignEntries.failed(path.toString(), "it is " + kind.describe() + ", not an entry camel-tarn wrote");
        }
    }

    /**
     * Creates a usage mark or labels file exclusively (never through a link), with their mode and the root's group:
     * created with that mode, and set again only when the umask takes bits of it away (a usage mark is made on every
     * first use of a value, so the usual umask saves it an open, a chmod and a close).
     */
    OutputStream createToolFile(Path file) throws IOException {
        Set<OpenOption> create = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        if (toolFileMode < 0) {
            return Channels.newOutputStream(Files.newByteChannel(file, create));
        }
        OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, create,
                PosixFilePermissions.asFileAttribute(toolFilePermissions)));
        if (!umaskKeepsToolMode()) {
            NoFollow.setMode(file, toolFileMode);
        }
        setGroupIfNeeded(file);
        return out;
    }

    private boolean umaskKeepsToolMode() {
        try {
            return umask.keeps(toolFilePermissions);
        } catch (IOException e) {
            return false; // the probe could not be made: set the mode every time
        }
    }

    /** Gives a new file the root's group, where the process's own group differs (asked once). */
    void setGroupIfNeeded(Path file) throws IOException {
        if (group == null) {
            return;
        }
        if (chownFiles == null) {
            chownFiles = !NoFollow.group(file).equals(group);
        }
        if (chownFiles) {
            NoFollow.setGroup(file, group);
        }
    }

    private static Set<PosixFilePermission> permissions(int bits) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((bits & bit(permission)) != 0) {
                set.add(permission);
            }
        }
        return set;
    }

    /** The mode bits of a set of permissions. */
    static int bits(Set<PosixFilePermission> set) {
        return set.stream().mapToInt(LakeFolders::bit).reduce(0, (a, b) -> a | b);
    }

    private static int bit(PosixFilePermission permission) {
        return switch (permission) {
            case OWNER_READ -> 0400;
            case OWNER_WRITE -> 0200;
            case OWNER_EXECUTE -> 0100;
            case GROUP_READ -> 040;
            case GROUP_WRITE -> 020;
            case GROUP_EXECUTE -> 010;
            case OTHERS_READ -> 04;
            case OTHERS_WRITE -> 02;
            case OTHERS_EXECUTE -> 01;
        };
    }
}
