package io.tarn.camel.backend.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;

import io.tarn.camel.backend.ssh.SshLocation.Stat;

/**
 * The file operations of the SCP location that scp itself cannot do (camel-jsch only stores): stat, list, remove,
 * make folders and rename a part file into place, each on an SFTP channel of the location's {@link JschSession}.
 */
final class SftpChannelFiles {
    private final JschSession session;
    private final SshSettings settings;

    SftpChannelFiles(JschSession session, SshSettings settings) {
        this.session = session;
        this.settings = settings;
    }

    private static boolean noSuchFile(SftpException e) {
        return e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE;
    }

    Optional<Stat> stat(String path) throws Exception {
        return session.sftp(sftp -> {
            try {
                SftpATTRS attributes = sftp.stat(path);
                return Optional.of(new Stat(attributes.isDir(), attributes.isDir() ? -1 : attributes.getSize()));
            } catch (SftpException e) {
                if (noSuchFile(e)) {
                    return Optional.<Stat> empty();
                }
                throw e;
            }
        });
    }

    boolean remove(String path) throws Exception {
        return session.sftp(sftp -> {
            try {
                sftp.rm(path);
                return true;
            } catch (SftpException e) {
                if (noSuchFile(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Removes a file if it is there; never fails for a file that is gone. */
    void removeQuietly(String path) throws Exception {
        session.sftp(sftp -> removeQuietly(sftp, path));
    }

    private static Void removeQuietly(ChannelSftp sftp, String path) {
        try {
            sftp.rm(path);
        } catch (SftpException e) {
            // gone already, or renamed into place
        }
        return null;
    }

    List<String> list(String folder) throws Exception {
        return session.sftp(sftp -> {
            List<String> names = new ArrayList<>();
            try {
                sftp.ls(folder, entry -> {
                    String name = entry.getFilename();
                    if (!".".equals(name) && !"..".equals(name)) {
                        names.add(name);
                    }
                    return ChannelSftp.LsEntrySelector.CONTINUE;
                });
            } catch (SftpException e) {
                if (!noSuchFile(e)) {
                    throw e;
                }
            }
            return names;
        });
    }

    /**
     * Renames the part file (relative to the root) to {@code relative}; when a concurrent writer placed the same key
     * first (same key, same bytes), theirs is kept. The part file is gone afterwards either way.
     */
    void place(String part, String relative) throws Exception {
        session.sftp(sftp -> {
            try {
                sftp.rename(settings.path(part), settings.path(relative));
            } catch (SftpException e) {
                try {
                    sftp.stat(settings.path(relative));
                } catch (SftpException missing) {
                    throw e;
                }
            } finally {
                removeQuietly(sftp, settings.path(part));
            }
            return null;
        });
    }

    /** mkdir -p of the root and {@code folder} below it (scp does not make the target folder); the deepest is asked first. */
    void makeFolders(String folder) throws Exception {
        List<String> paths = new ArrayList<>();
        String root = settings.root();
        if (!".".equals(root)) {
            StringBuilder prefix = new StringBuilder(root.startsWith("/") ? "/" : "");
            for (String part : root.split("/")) {
                if (!part.isEmpty()) {
                    prefix.append(part);
                    paths.add(prefix.toString());
                    prefix.append('/');
                }
            }
        }
        StringBuilder sub = new StringBuilder();
        for (String part : folder.split("/")) {
            if (!part.isEmpty()) {
                sub.append(part);
                paths.add(settings.path(sub.toString()));
                sub.append('/');
            }
        }
        if (paths.isEmpty()) {
            return;
        }
        session.sftp(sftp -> {
            try {
                // most writes go to a folder that is there already: one round trip
                sftp.stat(paths.get(paths.size() - 1));
                return null;
            } catch (SftpException missing) {
                // make what is missing, from the root down
            }
            for (String path : paths) {
                try {
                    sftp.stat(path);
                } catch (SftpException missing) {
                    try {
                        sftp.mkdir(path);
                    } catch (SftpException e) {
                        sftp.stat(path); // made by a concurrent writer, else this throws
                    }
                }
            }
            return null;
        });
    }
}
