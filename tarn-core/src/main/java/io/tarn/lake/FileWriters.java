package io.tarn.lake;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The processes that could still change a file's bytes through what they already hold: a descriptor open for writing,
 * or a shared writable mapping (which outlives its descriptor), found in Linux's {@code /proc}. Only the processes this
 * one may inspect are seen: every process of its PID namespace when it runs as root, else those of its own user; a
 * process of another container sharing the file system is never seen.
 * <p>
 * A descriptor of this process that holds a lock on the file is not counted: that is how a Camel {@code file:}
 * consumer's {@code readLock=fileLock} holds the file it hands over (Java locks exclusively only through a descriptor
 * open for writing), and it does not write.
 * <p>
 * The answer is true at the moment of looking: a process that may open the file for writing (its owner, root) can
 * still do so afterwards, and a descriptor sent over a Unix socket to a process already looked at
 * ({@code SCM_RIGHTS}) is not seen. Looking costs a few system calls per open descriptor on the machine (milliseconds for a
 * thousand: see performance.md, P1).
 */
final class FileWriters {
    private static final Path PROC = Path.of("/proc");
    private static final long SELF = ProcessHandle.current().pid();
    private static final boolean VISIBLE = Files.isReadable(PROC.resolve("self/fd")) && Files.isReadable(PROC.resolve("self/maps"));

    private FileWriters() {
    }

    /** Whether this system shows which processes hold a file (Linux); where it does not, nothing can be checked. */
    static boolean visible() {
        return VISIBLE;
    }

    /**
     * One process that could still write {@code file}, described for a message ("process 4242 (scanner) holds it
     * open for writing"), or empty when no process this one may inspect could.
     */
    static Optional<String> find(Path file) throws IOException {
        Map<String, Object> unix = Files.readAttributes(file, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
        Object fileKey = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        long device = (Long) unix.get("dev");
        // how /proc/PID/maps shows a device: major:minor in hex (glibc's gnu_dev_major/minor of st_dev)
        String mapsDevice = String.format("%02x:%02x", ((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfffL),
                (device & 0xff) | ((device >>> 12) & ~0xffL));
        String inode = Long.toString((Long) unix.get("ino"));
        // A listing of /proc is read ahead: a process started while the look goes on may be missing from it, and a
        // process may hand its descriptor to a child it starts (fork) and close its own before the look reaches it.
        // So /proc is listed again until a listing shows no process not looked at yet: a child that got the
        // descriptor existed before its parent closed it, so the next listing shows it.
        Set<String> seen = new HashSet<>();
        boolean more = true;
        while (more) {
            more = false;
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, FileWriters::isProcess)) {
                for (Path process : processes) {
                    if (!seen.add(process.getFileName().toString())) {
                        continue;
                    }
                    more = true;
                    Optional<String> writer = writingDescriptor(process, fileKey, inode);
                    if (writer.isEmpty()) {
                        writer = writableMapping(process, mapsDevice, inode);
                    }
                    if (writer.isPresent()) {
                        return Optional.of("process " + process.getFileName() + " (" + name(process) + ") " + writer.get());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isProcess(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    /**
     * Whether one of the process's descriptors is open for writing on the file. The mode of a {@code /proc/PID/fd/N}
     * link says how the descriptor was opened (the owner's write bit: for writing); for those, its {@code fdinfo} says
     * which inode it is, and only a descriptor of the file's inode number is followed to its file, so that a
     * descriptor on a file system that does not answer (an NFS server down) is never reached.
     */
    private static Optional<String> writingDescriptor(Path process, Object fileKey, String inode) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    if (Files.readAttributes(descriptor, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions()
                                .contains(PosixFilePermission.OWNER_WRITE)
                        && sameInode(process, descriptor, inode)
                        && fileKey.equals(Files.readAttributes(descriptor, BasicFileAttributes.class).fileKey())
                        && !lockedHere(process, descriptor)) {
                        return Optional.of("holds it open for writing");
                    }
                } catch (IOException e) {
                    // closed meanwhile: not this file
                }
            }
        } catch (IOException e) {
            // the process ended, or is another user's: not visible
        }
        return Optional.empty();
    }

    /** Whether the descriptor's {@code fdinfo} names this inode number (true where it names none: older kernels). */
    private static boolean sameInode(Path process, Path descriptor, String inode) throws IOException {
        for (String line : Files.readAllLines(process.resolve("fdinfo").resolve(descriptor.getFileName()))) {
            if (line.startsWith("ino:")) {
                return line.substring(4).strip().equals(inode);
            }
        }
        return true;
    }

    /** Whether the descriptor is this process's own and holds a lock (its fdinfo lists it). */
    private static boolean lockedHere(Path process, Path descriptor) throws IOException {
        if (!process.getFileName().toString().equals(Long.toString(SELF))) {
            return false;
        }
        Path info = process.resolve("fdinfo").resolve(descriptor.getFileName());
        return Files.readAllLines(info).stream().anyMatch(line -> line.startsWith("lock:"));
    }

    /**
     * Whether the process maps the file shared and writable. A line of {@code /proc/PID/maps} reads
     * {@code start-end perms offset major:minor inode path}, perms as {@code rw-s}.
     */
    private static Optional<String> writableMapping(Path process, String device, String inode) {
        try (BufferedReader maps = Files.newBufferedReader(process.resolve("maps"))) {
            String line;
            while ((line = maps.readLine()) != null) {
                int perms = line.indexOf(' ') + 1;
                if (perms == 0 || line.length() < perms + 4 || line.charAt(perms + 1) != 'w' || line.charAt(perms + 3) != 's') {
                    continue; // most mappings: not both shared and writable
                }
                String[] fields = line.split("\\s+", 6);
                if (fields.length >= 5 && fields[4].equals(inode) && fields[3].equals(device)) {
                    return Optional.of("maps it for writing");
                }
            }
        } catch (IOException e) {
            // the process ended, or is another user's: not visible
        }
        return Optional.empty();
    }

    private static String name(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (IOException e) {
            return "ended since";
        }
    }
}
