package io.tarn.reliability.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on the model's second JVM ({@link ModelWorkerMain}): starts it on the same tree, sends it
 * bursts, waits for them (no fixed sleeps: every wait is for something the child says, with a deadline generous
 * enough for a loaded machine), kills it with SIGKILL, and reads what it logged.
 */
final class ChildWorker implements AutoCloseable {
    /** Longest wait for the child to say something: it is loaded with the whole test class path and Camel. */
    private static final long PATIENCE_SECONDS = 300;

    private final Process process;
    private final Path log;
    private final Path errors;
    private final OutputStream commands;
    private final BlockingQueue<String> said = new LinkedBlockingQueue<>();
    private int logLinesRead;
    private int bursts;

    private ChildWorker(Process process, Path log, Path errors) {
        this.process = process;
        this.log = log;
        this.errors = errors;
        this.commands = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    said.add(line);
                }
            } catch (IOException e) {
                // the child is gone; the waits say so
            }
            said.add("<exit>");
        }, "model-child-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildWorker start(Path folder, String spec) {
        try {
            Files.createDirectories(folder);
            Path log = folder.resolve("child.log");
            Path errors = folder.resolve("child.err");
            Path inbox = Files.createDirectories(folder.resolve("child-inbox"));
            Files.writeString(log, "");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                    ModelWorkerMain.class.getName(), spec, log.toString(), inbox.toString());
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            ChildWorker child = new ChildWorker(process, log, errors);
            child.await("ready");
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a burst and returns once the child has started it; its number. */
    int send(List<String> ops) {
        int number = ++bursts;
        try {
            commands.write(("burst " + number + " " + String.join(" ", ops) + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        } catch (IOException e) {
            throw new AssertionError("The child JVM took no command: " + e + "; its errors: " + errorText(), e);
        }
        await("started " + number);
        return number;
    }

    void awaitDone(int burst) {
        await("done " + burst);
    }

    /** Kills the child with SIGKILL once it has logged {@code lines} more lines (or finished its burst). */
    void killAfter(int burst, int lines) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        int target = logLinesRead + lines;
        while (complete(readLog()).size() < target && !said.contains("done " + burst)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("The child JVM logged " + readLog().size() + " of " + target + " lines"
                                         + (process.isAlive() ? " in " + PATIENCE_SECONDS + " s" : " and died")
                                         + "; its errors: " + errorText());
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        kill();
    }

    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("The child JVM did not die of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The lines the child logged since the last call. */
    List<String> newLines() {
        List<String> lines = complete(readLog());
        List<String> fresh = new ArrayList<>(lines.subList(Math.min(logLinesRead, lines.size()), lines.size()));
        logLinesRead = lines.size();
        return fresh;
    }

    private List<String> readLog() {
        try {
            return List.of(Files.readString(log, StandardCharsets.UTF_8).split("(?<=\n)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Only whole lines: a line is written with one write(2), so a kill leaves none half written, but be sure. */
    private static List<String> complete(List<String> lines) {
        return lines.stream().filter(line -> line.endsWith("\n")).map(String::strip).toList();
    }

    private void await(String line) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        try {
            while (true) {
                String next = said.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line.equals(next)) {
                    return;
                }
                if (next == null || next.equals("<exit>")) {
                    throw new AssertionError("The child JVM did not say '" + line + "' ("
                                             + (next == null ? "no word in " + PATIENCE_SECONDS + " s" : "it exited")
                                             + "); its errors: " + errorText());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String errorText() {
        try {
            String text = Files.readString(errors);
            return text.length() > 4000 ? text.substring(0, 4000) + "…" : text;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                commands.write("quit\n".getBytes(StandardCharsets.UTF_8));
                commands.flush();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
