package io.tarn.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * File systems a test mounts with mount(8): a small tmpfs, a read-only bind mount. Every mount made here is taken
 * down by {@link #close()} (unmounted, detached with {@code umount -l} as a last resort, then checked gone in
 * /proc/self/mountinfo), and by a shutdown hook if the JVM ends first. Needs root: a refused mount fails with what to
 * do, it is never skipped.
 */
final class Mounts implements AutoCloseable {
    static final String HOW = "the fault matrix mounts a tmpfs and read-only bind mounts: run the tests as root "
                              + "(as bin/test and CI do), or in a container allowed to mount (docker run --privileged, "
                              + "or --cap-add SYS_ADMIN --security-opt apparmor=unconfined)";

    private final Deque<Path> mounted = new ArrayDeque<>();
    private final Thread hook = new Thread(this::detachAll, "fault-matrix-unmount");

    Mounts() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A tmpfs of {@code size} (mount's syntax, e.g. 8m) with room for {@code inodes} files and folders. */
    synchronized Path tmpfs(Path at, String size, long inodes) throws IOException {
        Files.createDirectories(at);
        run("mount", "-t", "tmpfs", "-o", "size=" + size + ",nr_inodes=" + inodes, "tmpfs", at.toString());
        mounted.push(at);
        return at;
    }

    /** {@code source} seen read-only at {@code at}; writes through {@code source} show at {@code at}. */
    synchronized Path readOnlyBind(Path source, Path at) throws IOException {
        Files.createDirectories(source);
        Files.createDirectories(at);
        run("mount", "--bind", source.toString(), at.toString());
        mounted.push(at);
        run("mount", "-o", "remount,bind,ro", at.toString());
        Path probe = at.resolve("probe");
        try {
            Files.createFile(probe);
            Files.delete(probe);
            throw new IllegalStateException("The bind mount at " + at + " was remounted read-only but takes writes");
        } catch (IOException expected) {
            // read-only, as wanted
        }
        return at;
    }

    /** Unmounts everything mounted here, newest first; fails if any mount survives. */
    @Override
    public synchronized void close() {
        List<Path> left = detachAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("Could not unmount " + left + ": unmount them by hand (umount -l PATH)");
        }
    }

    /** The mounts that could not be taken down. */
    private synchronized List<Path> detachAll() {
        List<Path> left = new ArrayList<>();
        while (!mounted.isEmpty()) {
            Path at = mounted.pop();
            if (!tryRun("umount", at.toString()) && !tryRun("umount", "-l", at.toString())) {
                left.add(at);
            } else if (isMountPoint(at)) {
                left.add(at);
            }
        }
        return left;
    }

    /** Whether a file system is mounted at {@code path} (field 5 of /proc/self/mountinfo, octal escapes undone). */
    static boolean isMountPoint(Path path) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && unescape(fields[4]).equals(path.toString())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/self/mountinfo: " + e, e);
        }
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean tryRun(String... command) {
        try {
            run(command);
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    private static void run(String... command) throws IOException {
        String line = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run '" + line + "' (" + e.getMessage() + "): " + HOW, e);
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + line + "' did not end within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running '" + line + "'", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0) {
            throw new IllegalStateException("'" + line + "' failed (exit " + process.exitValue() + ": " + output + "): "
                                            + HOW);
        }
    }
}
