package io.tarn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Another process (a POSIX shell) appending {@link #CHUNK} to a file a number of times, pausing between appends, as
 * scanner software or a logger does while a test moves the file into a lake. Each append is one {@code write} of the
 * whole chunk, so the file is always its first bytes followed by whole chunks.
 */
public final class AppendingProcess implements AutoCloseable {
    /** What every append writes. */
    public static final byte[] CHUNK = "appended by another process\n".getBytes(StandardCharsets.US_ASCII);

    /** How the process reaches the file. */
    public enum How {
        /** Opens it once and keeps it open until its last append (a writer that is not done yet). */
        HOLDING,
        /** Opens it for every append and closes it after, as {@code cat >> file} does. */
        REOPENING,
        /**
         * As {@link #REOPENING}, without root privileges: as {@code nobody} (setpriv) when the test runs as root, so
         * that the file's mode stops it as it stops any user's process. The file and its folders are opened to it.
         */
        REOPENING_UNPRIVILEGED
    }

    private final Process process;
    private final BufferedReader out;
    private final Path errors;

    private AppendingProcess(Process process, Path errors) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.errors = errors;
    }

    /**
     * Starts the process and returns once its first append is done; it then appends {@code appends - 1} more times,
     * {@code pauseMillis} apart.
     */
    public static AppendingProcess start(Path file, How how, int appends, long pauseMillis) throws IOException {
        String pause = String.format(Locale.ROOT, "%.3f", pauseMillis / 1000.0);
        String chunk = new String(CHUNK, StandardCharsets.US_ASCII).replace("\n", "\\n");
        // the count of appends that succeeded is the last line; an append the file's mode refuses is not counted
        String script = how == How.HOLDING
                ? "exec 3>>\"$1\" || exit 1; printf '" + chunk + "' >&3; echo open; n=1; while [ $n -lt $2 ]; do"
                  + " sleep $3; printf '" + chunk + "' >&3 && n=$((n+1)); done; exec 3>&-; echo $n"
                : "printf '" + chunk + "' >>\"$1\" || exit 1; echo open; n=1; i=1; while [ $i -lt $2 ]; do sleep $3;"
                  + " if printf '" + chunk + "' 2>/dev/null >>\"$1\"; then n=$((n+1)); fi; i=$((i+1)); done; echo $n";
        List<String> command = new ArrayList<>();
        if (how == How.REOPENING_UNPRIVILEGED) {
            command.addAll(unprivileged(List.of(file)));
        }
        command.addAll(List.of("sh", "-c", script, "appender", file.toString(), Integer.toString(appends), pause));
        Path errors = Files.createTempFile("appender-", ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        AppendingProcess appender = new AppendingProcess(process, errors);
        String first = appender.out.readLine();
        assertThat(first).as("the appender's first append to %s; its errors: %s", file, Files.readString(errors))
                .isEqualTo("open");
        return appender;
    }

    /** Waits for the last append and returns how many appends reached the file. */
    public int awaitAppends() throws Exception {
        String last = out.readLine();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the appender ends").isTrue();
        assertThat(last).as("the appender's count; its errors: %s", Files.readString(errors)).isNotNull();
        return Integer.parseInt(last.strip());
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(errors);
    }

    /** The file's first {@code size} bytes followed by {@code appends} chunks. */
    public static byte[] appended(byte[] first, int appends) {
        byte[] all = new byte[first.length + appends * CHUNK.length];
        System.arraycopy(first, 0, all, 0, first.length);
        for (int i = 0; i < appends; i++) {
            System.arraycopy(CHUNK, 0, all, first.length + i * CHUNK.length, CHUNK.length);
        }
        return all;
    }

    /**
     * The start of a command that runs without root privileges: as user nobody when this process is root (the files
     * are opened to it first: see {@link #openTo}), else as this process's own user (no prefix).
     */
    public static List<String> unprivileged(List<Path> files) throws IOException {
        if (new com.sun.security.auth.module.UnixSystem().getUid() != 0) {
            return List.of();
        }
        for (Path file : files) {
            openTo(file);
        }
        return List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    }

    /**
     * Lets user nobody reach and write the file: the file 0666, its folders searchable by all up to the scratch folder
     * it is in (java.io.tmpdir or /dev/shm; nothing outside it is changed).
     */
    private static void openTo(Path file) throws IOException {
        Path real = file.toRealPath();
        Path scratch = null;
        for (Path candidate : List.of(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/dev/shm"))) {
            if (Files.isDirectory(candidate) && real.startsWith(candidate.toRealPath())) {
                scratch = candidate.toRealPath();
            }
        }
        assertThat(scratch).as("a scratch folder holding %s, which the appender may be let in to", real).isNotNull();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        for (Path folder = real.getParent(); !folder.equals(scratch); folder = folder.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(folder, permissions);
            }
        }
    }
}
