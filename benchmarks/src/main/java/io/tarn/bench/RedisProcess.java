package io.tarn.bench;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.util.FileUtil;
import redis.clients.jedis.Jedis;

/**
 * A redis-server child process on a free loopback port, without persistence (a cache, as the benchmark uses it), in
 * a temporary folder removed on close. Fails with what to install when there is no redis-server.
 */
final class RedisProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    RedisProcess() throws Exception {
        Path executable = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .map(d -> Path.of(d.isEmpty() ? "." : d, "redis-server"))
                .filter(Files::isExecutable).findFirst()
                .or(() -> List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").stream().map(Path::of)
                        .filter(Files::isExecutable).findFirst())
                .orElseThrow(() -> new IllegalStateException("P6 needs redis-server: apt-get install redis-server"));
        dir = Files.createTempDirectory("tarn-bench-redis-");
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        process = new ProcessBuilder(executable.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("redis-server did not start on port " + port + ": "
                                                    + Files.readString(dir.resolve("redis.log")), e);
                }
                Thread.sleep(20);
            }
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        FileUtil.removeDir(dir.toFile());
    }
}
