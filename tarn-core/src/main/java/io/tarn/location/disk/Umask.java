package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whether this process's umask keeps every bit of a mode (the usual 022 and 002 do; 077 does not), found once by
 * creating a file in the lake's {@code .tmp/}: Java cannot read the umask otherwise, nor change it. When it does, a
 * value file created with its mode needs no chmod.
 */
final class Umask {
    private final Path tmp;
    private volatile Boolean keepsMode;

    Umask(Path tmp) {
        this.tmp = tmp;
    }

    boolean keeps(Set<PosixFilePermission> mode) throws IOException {
        Boolean known = keepsMode;
        if (known == null) {
            Path probe = tmp.resolve("umask-" + TemporaryFiles.suffix());
            try {
                Files.createFile(probe, PosixFilePermissions.asFileAttribute(EnumSet.allOf(PosixFilePermission.class)));
                known = Files.readAttributes(probe, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).permissions().containsAll(mode);
            } finally {
                Files.deleteIfExists(probe);
            }
            keepsMode = known;
        }
        return known;
    }
}
