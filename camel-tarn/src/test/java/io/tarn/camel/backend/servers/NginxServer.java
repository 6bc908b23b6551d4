package io.tarn.camel.backend.servers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real nginx (Debian's nginx-light) serving one folder on a loopback port, with directory listings as JSON, run as a
 * child process under the test's control: {@code daemon off}, every file it writes (pid, error log, temp folders)
 * inside {@code work}. {@link #stop()} and {@link #start()} give an outage and a restart on the same port.
 */
public final class NginxServer implements AutoCloseable {
    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));
    /** The path of the requests {@link #requests()} sends to know that the log has caught up; nothing serves it. */
    private static final String BARRIER = "/.log-barrier-";

    private final Path binary;
    private final Path work;
    private final Path config;
    private final int port;
    private Process process;
    private final AtomicInteger barriers = new AtomicInteger();

    private NginxServer(Path binary, Path root, Path work, int port) throws IOException {
        this.binary = binary;
        this.work = work;
        this.port = port;
        this.config = work.resolve("nginx.conf");
        Files.createDirectories(work.resolve("temp"));
        Files.writeString(config, config(root.toAbsolutePath(), work.toAbsolutePath(), port), StandardCharsets.UTF_8);
    }

    /** Serves {@code root} at {@code http://127.0.0.1:PORT/}; fails (never skips) when nginx is not installed. */
    public static NginxServer serve(Path root, Path work) throws IOException {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                "nginx is not installed, and the HTTP location tests need a real one: run bin/test (it installs it), or"
                + " apt-get install nginx-light"));
        NginxServer server = new NginxServer(binary, root, work, freePort());
        server.start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static String config(Path root, Path work, int port) {
        Path temp = work.resolve("temp");
        return """
                daemon off;
                # one process that keeps the test's user: workers started by root would serve as nobody, who cannot
                # enter the test's private temp folder
                master_process off;
                error_log %1$s/error.log warn;
                pid %1$s/nginx.pid;
                events { worker_connections 256; }
                http {
                    log_format requests '$request_method $uri $status';
                    access_log %1$s/access.log requests;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    default_type application/octet-stream;
                    sendfile on;
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            root %4$s;
                            autoindex on;
                            autoindex_format json;
                        }
                    }
                }
                """.formatted(work, temp, port, root);
    }

    /** Starts nginx (again, on the same port) and waits until it accepts connections. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(binary.toString(), "-p", work.toString(), "-e", work.resolve("error.log").toString(),
                "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    stop();
                    throw new IllegalStateException("nginx did not listen on 127.0.0.1:" + port + " within 15 s: " + log());
                }
                sleep(50);
            }
        }
    }

    /** Stops nginx; the folder it serves stays as it is. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** The URL of the served folder, ending with '/'. */
    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    /**
     * The requests served so far, one "METHOD /path STATUS" line each. nginx logs a request after it has sent the
     * response, so a client can see its answer before the line is written. While nginx runs, this sends a barrier
     * request and waits until it is logged: nginx is one process with one event loop, so every earlier request is
     * logged by then. Barrier lines are left out of the answer.
     */
    public List<String> requests() throws IOException {
        String barrier = process != null && process.isAlive() ? sendBarrier() : null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            Path file = work.resolve("access.log");
            List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            if (barrier == null || lines.contains("HEAD " + barrier + " 404")) {
                return lines.stream().filter(line -> !line.contains(" " + BARRIER)).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nginx did not log the barrier request " + barrier + " within 5 s: " + log());
            }
            sleep(5);
        }
    }

    /** Sends a HEAD request for a path nothing serves, on a connection of its own; returns the path. */
    private String sendBarrier() throws IOException {
        String barrier = BARRIER + barriers.incrementAndGet();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("HEAD " + barrier + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        }
        return barrier;
    }

    private String log() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("nginx.out", "error.log")) {
            Path file = work.resolve(name);
            try {
                if (Files.exists(file)) {
                    text.append(Files.readString(file, StandardCharsets.UTF_8).strip()).append(' ');
                }
            } catch (IOException e) {
                text.append("(cannot read ").append(file).append(": ").append(e).append(") ");
            }
        }
        return text.toString().strip();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
