package io.tarn.integration;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.tarn.camel.backend.servers.RedisServer;
import io.tarn.camel.backend.servers.S3Server;
import io.tarn.camel.backend.servers.SshTestServer;

/** Redis, S3 (s3proxy) and SFTP (MINA SSHD) on loopback, and the spec leaves that reach them. */
final class RealServers implements AutoCloseable {
    final RedisServer redis;
    final S3Server s3;
    final SshTestServer ssh;
    final Path knownHosts;

    RealServers(Path dir) throws Exception {
        redis = new RedisServer().start();
        s3 = new S3Server(dir.resolve("s3"));
        s3.createBucket("lake");
        ssh = new SshTestServer(dir.resolve("ssh"));
        knownHosts = ssh.writeKnownHosts(dir.resolve("known_hosts"));
    }

    String redisLeaf(String prefix) {
        return "redis:127.0.0.1:" + redis.port() + "?prefix=" + prefix;
    }

    String s3Leaf() {
        return "s3:lake?endpoint=" + s3.endpoint() + "&region=us-east-1&accessKey=" + S3Server.IDENTITY
               + "&secretKey=" + URLEncoder.encode(S3Server.CREDENTIAL, StandardCharsets.UTF_8);
    }

    String sftpLeaf(String root) {
        return "sftp:" + SshTestServer.USER + "@127.0.0.1:" + ssh.port() + "/" + root + "?password="
               + URLEncoder.encode(SshTestServer.PASSWORD, StandardCharsets.UTF_8) + "&knownHostsFile=" + knownHosts;
    }

    @Override
    public void close() throws Exception {
        try (redis; s3; ssh) {
            // all three stop
        }
    }
}
