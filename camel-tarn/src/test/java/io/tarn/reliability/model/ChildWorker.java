package io.tarn.reliability.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on the model's second JVM ({@link ModelWorkerMain}): one JVM serves every chain of the test
 * JVM ({@link #shared}), opening each chain's tree in turn, since starting a JVM costs more than a whole chain; a new
 * one is started only when a chain kills it with SIGKILL, at once, so that it loads while the parent works. Sends it
 * bursts, waits for them (no fixed sleeps: every wait is for something the child says, with a deadline generous
 * enough for a loaded machine), and reads what it logged.
 */
final class ChildWorker {
    /** Longest wait for the child to say something: it is loaded with the whole test class path and Camel. */
    private static final long PATIENCE_SECONDS = 300;
    private static ChildWorker shared;
    private static int started;

    private final Process process;
    private final Path errors;
    private final OutputStream commands;
    private final BlockingQueue<String> said = new LinkedBlockingQueue<>();
    private boolean ready;
    private Path log;
    private int logLinesRead;
    private int bursts;

    private ChildWorker(Process process, Path errors) {
        this.process = process;
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

    /** The second JVM the chains share: the one running, or a new one. */
    static synchronized ChildWorker shared() {
        if (shared == null || !shared.alive()) {
            shared = start();
        }
        return shared;
    }

    /** When the test JVM exits: the child it leaves running exits too. */
    private static synchronized void stopShared() {
        if (shared != null) {
            shared.process.destroyForcibly();
        }
    }

    /** How many second JVMs this test JVM started so far. */
    static synchronized int started() {
        return started;
    }

    private static synchronized ChildWorker start() {
        try {
            Path errors = Files.createTempFile("tarn-model-child-", ".err");
            errors.toFile().deleteOnExit();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                    ModelWorkerMain.class.getName());
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            if (started++ == 0) {
                Runtime.getRuntime().addShutdownHook(new Thread(ChildWorker::stopShared, "model-child-stop"));
            }
            return new ChildWorker(process, errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a chain's tree ({@code spec}), logging to a new log in {@code folder} (its inbox there too). */
    void open(String spec, Path folder) {
        try {
            Files.createDirectories(folder);
            log = folder.resolve("child.log");
            Path inbox = Files.createDirectories(folder.resolve("child-inbox"));
            Files.writeString(log, "");
            logLinesRead = 0;
            if (!ready) {
                await("ready");
                ready = true;
            }
            tell("open " + encode(log.toString()) + " " + encode(inbox.toString()) + " " + encode(spec));
            await("opened");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the chain's tree (after the burst it may be running). */
    void closeTree() {
        tell("close");
        await("closed");
    }

    /** Closes the chain's tree, or, if the child does not, kills it (the next chain gets a new one). */
    void closeTreeOrKill() {
        try {
            closeTree();
        } catch (AssertionError e) {
            kill();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private void tell(String line) {
        try {
            commands.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        } catch (IOException e) {
            throw new AssertionError("The child JVM took no command: " + e + "; its errors: " + errorText(), e);
        }
    }

    /** Sends a burst and returns once the child has started it; its number. */
    int send(List<String> ops) {
        int number = ++bursts;
        tell("burst " + number + " " + String.join(" ", ops));
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

    /** Kills the child with SIGKILL and starts the next one the chains share. */
    void kill() {
        process.destroyForcibly();
        synchronized (ChildWorker.class) {
            if (shared == this) {
                shared = start();
            }
        }
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
                if (next == null || next.equals("<exit>") || next.startsWith("failed ")) {
                    throw new AssertionError("The child JVM did not say '" + line + "' ("
                                             + (next == null ? "no word in " + PATIENCE_SECONDS + " s"
                                                : next.equals("<exit>") ? "it exited"
                                                : URLDecoder.decode(next, StandardCharsets.UTF_8))
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
}
