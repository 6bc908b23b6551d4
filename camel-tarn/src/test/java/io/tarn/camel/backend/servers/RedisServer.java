package io.tarn.camel.backend.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server for tests, a child process on a free loopback port with its data in a temporary folder.
 * It runs with an append-only file fsynced on every write, so that {@link #stop()} (SIGTERM) and {@link #start()}
 * again on the same port keep the stored values, as a restarted production server with persistence does; RDB
 * snapshots are off. A machine without redis-server fails the test with what to install (never a skip).
 */
public final class RedisServer implements AutoCloseable {
    private static final List<String> CANDIDATES = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server",
            "/opt/homebrew/bin/redis-server");

    private final Path executable;
    private final Path dir;
    private final int port;
    private Process process;

    public RedisServer() throws IOException {
        this.executable = findExecutable();
        this.dir = Files.createTempDirectory("tarn-redis-");
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
    }

    private static Path findExecutable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new AssertionError("redis-server is not installed, and the Redis location tests need a real one: "
                                   + "run bin/test (it installs it) or `apt-get install redis-server`"));
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** Starts the server and waits until it answers PING. */
    public RedisServer start() throws IOException, InterruptedException {
        process = new ProcessBuilder(executable.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString(),
                "--daemonize", "no", "--protected-mode", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ":\n"
                                                + Files.readString(dir.resolve("redis.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not answer PING on port " + port + " within 15 s");
            }
            Thread.sleep(20);
        }
        return this;
    }

    /** Stops the server with SIGTERM and waits for it to exit (its append-only file keeps the data). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
