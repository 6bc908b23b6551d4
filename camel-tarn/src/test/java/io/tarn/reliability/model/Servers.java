package io.tarn.reliability.model;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.tarn.camel.backend.servers.RedisServer;
import io.tarn.camel.backend.servers.S3Server;

/**
 * The real servers the model's remote leaves talk to, on loopback ports, started once per test JVM when a shape first
 * needs them and stopped when it exits: a redis-server (also the lock server of a lake with a RedisLocker) and
 * s3proxy. Every chain gets prefixes of its own, so chains never see each other's values.
 */
public final class Servers {
    private static Servers instance;
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final RedisServer redis;
    private final S3Server s3;

    private Servers() throws Exception {
        redis = new RedisServer().start();
        Path s3Folder = Files.createTempDirectory("tarn-model-s3-");
        s3 = new S3Server(s3Folder);
        s3.createBucket("lake");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (redis; s3) {
                // both stop
            } catch (Exception e) {
                // the JVM is exiting
            }
            try (Stream<Path> files = Files.walk(s3Folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a folder under the temporary directory
            }
        }, "model-servers-stop"));
    }

    public static synchronized Servers get() {
        if (instance == null) {
            try {
                instance = new Servers();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the model's servers: " + e, e);
            }
        }
        return instance;
    }

    /** A prefix no other chain of this JVM uses. */
    static String prefix() {
        return "m" + ProcessHandle.current().pid() + "x" + PREFIXES.incrementAndGet();
    }

    public int redisPort() {
        return redis.port();
    }

    public String redisLeaf(String prefix) {
        return "redis:127.0.0.1:" + redis.port() + "?prefix=" + prefix + ":";
    }

    /** An S3 leaf in the bucket {@code lake} under {@code prefix}, with the endpoint and credentials of s3proxy. */
    public String s3Leaf(String prefix) {
        return "s3:lake/" + prefix + "?" + s3Options();
    }

    /** The options that make an s3: leaf reach s3proxy. */
    public String s3Options() {
        return "endpoint=" + s3.endpoint() + "&region=us-east-1&accessKey=" + S3Server.IDENTITY + "&secretKey="
               + URLEncoder.encode(S3Server.CREDENTIAL, StandardCharsets.UTF_8);
    }
}
