package io.tarn.camel.backend;

import java.util.List;
import java.util.Map;

import io.tarn.LocationSpecException;

/**
 * The Camel component (an optional dependency of camel-tarn) a remote leaf talks through, and the classes it needs
 * from it. Looked up by name before any class of the transport is touched, so that a missing jar is a
 * {@link LocationSpecException} naming the dependency to add, not a {@link NoClassDefFoundError} from deep inside.
 *
 * @param artifactId the artifact of group org.apache.camel that brings the classes
 * @param classes    classes of the transport and of the libraries it brings, as the leaf's code uses them
 */
public record Transport(String artifactId, List<String> classes) {
    private static final String SFTP = "org.apache.camel.component.file.remote.SftpComponent";
    private static final String JSCH = "com.jcraft.jsch.JSch";
    static final Map<String, Transport> BY_SCHEME = Map.of(
            "s3", new Transport("camel-aws2-s3", List.of("org.apache.camel.component.aws2.s3.AWS2S3Component",
                    "software.amazon.awssdk.services.s3.S3Client")),
            "redis", new Transport("camel-spring-redis", List.of("org.apache.camel.component.redis.RedisComponent",
                    "org.springframework.data.redis.connection.RedisConnectionFactory",
                    "org.springframework.data.redis.connection.jedis.JedisConnectionFactory",
                    "redis.clients.jedis.Jedis")),
            "sftp", new Transport("camel-ftp", List.of(SFTP, JSCH)),
            "scp", new Transport("camel-jsch", List.of("org.apache.camel.component.scp.ScpComponent", JSCH)),
            "http", new Transport("camel-http", List.of("org.apache.camel.component.http.HttpComponent")),
            "https", new Transport("camel-http", List.of("org.apache.camel.component.http.HttpComponent")),
            "caffeine", new Transport("camel-caffeine", List.of(
                    "org.apache.camel.component.caffeine.cache.CaffeineCacheComponent",
                    "com.github.benmanes.caffeine.cache.Caffeine")));

    /**
     * @param leaf the leaf's text, named in the message without its options (they may hold a password)
     * @throws LocationSpecException naming the leaf, the missing class and the Maven coordinates to add
     */
    void require(String leaf, ClassLoader loader) {
        for (String name : classes) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                int options = leaf.indexOf('?');
                throw new LocationSpecException("The leaf " + (options < 0 ? leaf : leaf.substring(0, options))
                                                + " needs the Camel transport " + artifactId + ", which is not on the"
                                                + " class path (" + name + " not found): add the dependency"
                                                + " org.apache.camel:" + artifactId
                                                + " (the version of your Camel) to the application", e);
            }
        }
    }
}
