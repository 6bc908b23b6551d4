package io.tarn.location.disk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Set;

/**
 * File operations on the entries of a lake that never follow a symbolic link at the entry itself: a link planted where
 * a value, a usage mark or a labels file belongs is seen as what it is, its own times or mode are changed if
 * anything, never its target's ({@code O_NOFOLLOW}, {@code lutimes}, {@code lchown}, {@code fchmod} on an entry
 * opened without following).
 */
final class NoFollow {
    /** Permission bits ({@code unix:mode} also carries the file type). */
    static final int PERMISSIONS = 07777;
    static final int STICKY = 01000;
    static final int SET_GROUP = 02000;
    static final int OTHERS_WRITE = 02;
    static final int GROUP_WRITE = 020;
    static final int WRITE_BITS = 0222;

    private NoFollow() {
    }

    /** What stands at a path. */
    enum Kind {
        MISSING, FILE, FOLDER, LINK, OTHER;

        /** Names a foreign entry for messages and reports. */
        String describe() {
            return switch (this) {
                case LINK -> "a symbolic link";
                case FOLDER -> "a folder";
                case OTHER -> "a special file";
                default -> "a file";
            };
        }
    }

    static Kind kind(Path path) {
        BasicFileAttributes attributes = attributes(path);
        return attributes == null ? Kind.MISSING : kind(attributes);
    }

    /** The entry's own attributes (a link's, not its target's), or null when it cannot be looked at. */
    static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    static Kind kind(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return Kind.LINK;
        }
        if (attributes.isDirectory()) {
            return Kind.FOLDER;
        }
        return attributes.isRegularFile() ? Kind.FILE : Kind.OTHER;
    }

    /** Opens a file for reading; a symbolic link there fails ({@code ELOOP}) instead of being followed. */
    static InputStream open(Path file) throws IOException {
        return Channels.newInputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
    }

    /** The entry's permission bits, sticky and set-group bits included. */
    static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & PERMISSIONS;
    }

    /** Sets every permission bit, sticky and set-group bits included, of the entry itself (never a link's target). */
    static void setMode(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode & PERMISSIONS, LinkOption.NOFOLLOW_LINKS);
    }

    static GroupPrincipal group(Path path) throws IOException {
        return view(path).readAttributes().group();
    }

    static void setGroup(Path path, GroupPrincipal group) throws IOException {
        view(path).setGroup(group);
    }

    /** Sets the modification (and access) time of the entry itself. */
    static void touch(Path path, FileTime time) throws IOException {
        // both times, as Python's Path.touch() sets them: the JDK then needs no stat of the file to keep its atime
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(time, time, null);
    }

    private static PosixFileAttributeView view(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** Removes an entry: a folder with everything in it, links as links (never their targets); gone meanwhile is fine. */
    static void removeTree(Path path) throws IOException {
        if (kind(path) != Kind.FOLDER) {
            Files.deleteIfExists(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
