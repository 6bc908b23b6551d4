package io.tarn.integration;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.camel.backend.servers.S3Server;
import io.tarn.camel.backend.servers.SshTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials never appear in logs, toString or exception messages: a child JVM logging at debug runs every operation
 * against S3, Redis and SFTP locations with the right secrets, wrong ones, and servers that are down, and the test
 * searches everything it wrote for each secret (as given and URL-encoded).
 */
class SecretsInLogsTest {
    private static final String WRONG_S3 = "wrongS3SecretQ7";
    private static final String WRONG_SFTP = "wrongSftpPasswordQ7";
    private static final String REDIS_PASSWORD = "redisPasswordQ7";
    private static final String DOWN = "downServerSecretQ7";

    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void noSecretInLogsToStringOrExceptions() throws Exception {
        Path log = tmp.resolve("child.log");
        try (RealServers servers = new RealServers(tmp)) {
            int closed = closedPort();
            String s3 = servers.s3Leaf();
            String sftp = servers.sftpLeaf("secrets");
            List<String> specs = List.of(
                    s3,
                    sftp,
                    servers.redisLeaf("secrets:") + "&password=" + REDIS_PASSWORD,
                    s3.replace(URLEncoder.encode(S3Server.CREDENTIAL, StandardCharsets.UTF_8), WRONG_S3),
                    sftp.replace(URLEncoder.encode(SshTestServer.PASSWORD, StandardCharsets.UTF_8), WRONG_SFTP),
                    "s3:lake?endpoint=http://127.0.0.1:" + closed + "&region=us-east-1&accessKey=a&secretKey=" + DOWN,
                    "sftp:" + SshTestServer.USER + "@127.0.0.1:" + closed + "/x?password=" + DOWN + "&knownHostsFile="
                    + servers.knownHosts,
                    "redis:127.0.0.1:" + closed + "?password=" + DOWN);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                    "-Dorg.slf4j.simpleLogger.log.io.tarn=trace", "-Dorg.slf4j.simpleLogger.log.org.apache.camel=debug",
                    "-Dorg.slf4j.simpleLogger.log.org.apache.camel.processor.errorhandler=debug",
                    "-cp", System.getProperty("java.class.path"), SecretsScenarioMain.class.getName()));
            command.addAll(specs);
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertThat(child.waitFor(150, TimeUnit.SECONDS)).as("the scenario finished").isTrue();
            } finally {
                child.destroyForcibly();
            }
        }
        String output = Files.readString(log);
        assertThat(output).as("the scenario ran to its end").contains("done")
                .as("it saw the failures it provoked").contains("failed:");
        for (String secret : List.of(S3Server.CREDENTIAL, SshTestServer.PASSWORD, WRONG_S3, WRONG_SFTP, REDIS_PASSWORD, DOWN)) {
            String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
            assertThat(output.lines().filter(line -> line.contains(secret) || line.contains(encoded)).toList())
                    .as("lines with the secret %s", secret).isEmpty();
        }
        System.out.printf("SecretsInLogsTest: %d lines of debug logs and errors searched for 6 secrets%n",
                output.lines().count());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
