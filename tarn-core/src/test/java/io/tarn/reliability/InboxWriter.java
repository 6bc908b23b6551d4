package io.tarn.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.tarn.AppendingProcess;
import io.tarn.Ingest;

/**
 * Another process (a POSIX shell, without root privileges) changing files of an inbox while a {@link MoveCrashTest}
 * child moves them. Each file is changed one way: held open from before the child starts, then, once it may go
 * ({@link #go}) and after a pause of up to 300 ms, appended {@link AppendingProcess#CHUNK} twice, 0.3 to 2 s
 * apart, long enough for the child to take the file whole in between (always for a file large enough to be taken
 * whole, else for a third of them); or, after that pause, appended once
 * (opening the file for it, as {@code cat >>} does); or overwritten at its first {@link #OVERWRITE} bytes in place
 * ({@code dd conv=notrunc}). A change the file's mode refuses is skipped. So a file ends as its first bytes, perhaps
 * overwritten at the start, followed by up to {@link #MAX_APPENDS} chunks ({@link #possibleContents}).
 */
final class InboxWriter implements AutoCloseable {
    static final byte[] OVERWRITE = "overwritten-----".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_APPENDS = 2;

    private final Process process;

    private InboxWriter(Process process) {
        this.process = process;
    }

    /**
     * Starts the process, which opens the files it will hold open (as {@code user} says: {@link
     * AppendingProcess#unprivileged}, called before) and waits for {@link #go}; returns once they are open. Each file
     * is changed one of the three ways, chosen by {@code random}.
     */
    static InboxWriter start(List<String> user, List<Path> files, Random random, Path errors) throws IOException {
        String chunk = "printf '" + new String(AppendingProcess.CHUNK, StandardCharsets.US_ASCII).replace("\n", "\\n") + "'";
        StringBuilder open = new StringBuilder();
        StringBuilder changes = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            String file = "\"$" + (i + 1) + "\"";
            int descriptor = 3 + i;
            int how = random.nextInt(3);
            if (takenWhole(files.get(i))) {
                // held open from before the child starts, so that the child finds it open, and appended to after
                // the child may have taken it (what issue 24 found)
                how = 0;
            }
            String pause = seconds(random.nextInt(300));
            // each file in a subshell of its own, all at once, so that changes overlap the child's work on the file
            switch (how) {
                case 0 -> {
                    open.append("exec ").append(descriptor).append(">>").append(file).append(" || exit 1; ");
                    close.append("exec ").append(descriptor).append(">&-; ");
                    changes.append("( sleep ").append(pause).append(" && ").append(chunk).append(" >&").append(descriptor)
                            .append(" && sleep ").append(seconds(300 + random.nextInt(1700))).append(" && ").append(chunk)
                            .append(" >&").append(descriptor).append(" ) 2>/dev/null & ");
                }
                case 1 -> changes.append("( sleep ").append(pause).append("; ").append(chunk).append(" 2>/dev/null >>")
                        .append(file).append(" ) & ");
                default -> changes.append("( sleep ").append(pause).append("; printf '")
                        .append(new String(OVERWRITE, StandardCharsets.US_ASCII))
                        .append("' | dd of=").append(file).append(" bs=").append(OVERWRITE.length)
                        .append(" count=1 conv=notrunc 2>/dev/null ) & ");
            }
        }
        // the shell's own copies of the held descriptors are closed once the subshells have theirs
        String script = open + "echo open; read go; " + changes + close + "wait";
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(user);
        command.addAll(List.of("sh", "-c", script, "inbox-writer"));
        files.forEach(file -> command.add(file.toString()));
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        InboxWriter writer = new InboxWriter(process);
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"open".equals(line)) {
            process.destroyForcibly();
            throw new IOException("the inbox writer could not open its files: " + Files.readString(errors));
        }
        return writer;
    }

    /** Lets the process change the files, each after its pause. */
    void go() throws IOException {
        process.getOutputStream().write('\n');
        process.getOutputStream().flush();
    }

    /** What a file that held {@code first} may hold once this process changed it (or not). */
    static List<byte[]> possibleContents(byte[] first) {
        byte[] overwritten = first.clone();
        System.arraycopy(OVERWRITE, 0, overwritten, 0, Math.min(OVERWRITE.length, first.length));
        List<byte[]> contents = new ArrayList<>();
        for (int appends = 0; appends <= MAX_APPENDS; appends++) {
            contents.add(AppendingProcess.appended(first, appends));
            if (first.length >= OVERWRITE.length) {
                contents.add(AppendingProcess.appended(overwritten, appends));
            }
        }
        return contents;
    }

    /**
     * Kills the process and what it started (it may be in the middle of its work): its whole process group, which
     * {@code setsid} made for it. Waits until they are gone, so that nothing changes the files afterwards.
     */
    @Override
    public void close() throws Exception {
        List<ProcessHandle> started = process.descendants().toList();
        new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).start().waitFor();
        process.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle handle : started) {
            handle.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    /** Whether the file is large enough to be taken whole (false once the child has taken it). */
    private static boolean takenWhole(Path file) throws IOException {
        try {
            return Files.size(file) >= Ingest.ADOPTED_FROM;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static String seconds(int millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
