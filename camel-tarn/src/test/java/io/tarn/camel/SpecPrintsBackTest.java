package io.tarn.camel;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.camel.backend.ssh.SshSettings;
import io.tarn.location.Location;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every location prints itself as a spec that parses back to the same tree (guide.md says so): printing the tree
 * parsed from a location's printed form gives that form again, and its options survive. Every leaf kind (they build
 * without reaching their server): disk, caffeine, http, redis, s3, sftp, scp; each inside every combinator. Secrets
 * (passwords, keys, a passphrase) are never printed.
 */
class SpecPrintsBackTest {
    /** A password, secret key or passphrase given in a spec; it must appear in no printed form. */
    private static final String SECRET = "s3cret-Pa55";

    /**
     * Remote leaves as written, each with the form it prints: the same options, in order, without the secrets. Their
     * servers are closed ports (a tree reads the config.yml of its SSH leaves when it is built: a closed port is a miss).
     */
    private static final String[][] REMOTE_LEAVES = {
        {"redis:127.0.0.1:6390?prefix=lake:&password=" + SECRET + "&database=2&keepLabels=true&keepUsage=true&ttl=3600"
         + "&maxValueSize=1MiB&lockExpiry=60&failFast=true&retryAfter=5",
         "redis:127.0.0.1:6390?prefix=lake:&database=2&keepLabels=true&keepUsage=true&ttl=3600&maxValueSize=1MiB"
         + "&lockExpiry=60&failFast=true&retryAfter=5"},
        {"redis:localhost?prefix=a%26b%2Bc%25d", "redis:localhost:6379?prefix=a%26b%2Bc%25d"},
        {"s3:my-bucket/lakes/raw?endpoint=http://127.0.0.1:9&region=eu-west-1&accessKey=AKIA" + SECRET + "&secretKey="
         + SECRET + "&partSize=8MiB&trackUsage=false&failFast=true",
         "s3:my-bucket/lakes/raw?endpoint=http://127.0.0.1:9&region=eu-west-1&partSize=8MiB&trackUsage=false&failFast=true"},
        {"s3:other-bucket", "s3:other-bucket"},
        {"s3:third-bucket?endpoint=http://tarn:" + SECRET + "@127.0.0.1:9/", "s3:third-bucket?endpoint=http://127.0.0.1:9/"},
        {"sftp:tarn@127.0.0.1:2222/lake?password=" + SECRET + "&knownHostsFile=/tmp/known_hosts"
         + "&strictHostKeyChecking=false&retryAfter=7",
         "sftp:tarn@127.0.0.1:2222/lake?knownHostsFile=/tmp/known_hosts&strictHostKeyChecking=false&retryAfter=7"},
        {"sftp:tarn@127.0.0.1:9//srv/lake?useUserKnownHostsFile=false&strictHostKeyChecking=false",
         "sftp:tarn@127.0.0.1:9//srv/lake?useUserKnownHostsFile=false&strictHostKeyChecking=false"},
        {"scp:tarn@127.0.0.1:2222/lake?password=" + SECRET + "&knownHostsFile=/tmp/known_hosts&retryAfter=3"
         + "&maxValueSize=1MiB",
         "scp:tarn@127.0.0.1:2222/lake?knownHostsFile=/tmp/known_hosts&retryAfter=3&maxValueSize=1MiB"},
        {"scp:tarn@127.0.0.1:9?password=" + SECRET, "scp:tarn@127.0.0.1:9"}};

    @TempDir
    Path tmp;

    @Test
    void everyLocationsPrintedFormParsesBackToTheSameTree() throws Exception {
        String disk = tmp.resolve("disk").toString();
        String[] leaves = {disk, "caffeine:hot?maxBytes=256MiB", "caffeine:warm?maxBytes=1MiB&maxValueBytes=512KiB",
                           "http://127.0.0.1:9/lake/"};
        for (String leaf : leaves) {
            // a volatile or read-only leaf only as a cache above a disk: the spec must be one a lake takes
            for (String spec : new String[] {
                "levels(level(small(" + leaf + ", 64KiB), write=false), " + disk + ")",
                "levels(level(readonly(" + leaf + "), write=false), fanout(" + disk + ", " + disk + "2))",
                "levels(level(" + leaf + ", write=false, capacity=10MiB, lowWatermark=0.5), " + disk + ")"}) {
                String printed = printed(spec);
                // in a context of its own: a caffeine cache name is taken once per context
                assertThat(printed(printed)).as(spec).isEqualTo(printed);
                if (leaf.startsWith("caffeine:")) {
                    assertThat(printed).as(spec).contains(leaf.substring(leaf.indexOf('?')));
                }
            }
        }
    }

    @Test
    void remoteLeavesPrintTheirSpecWithTheirOptionsAndNoSecret() throws Exception {
        String disk = tmp.resolve("disk").toString();
        for (String[] leaf : REMOTE_LEAVES) {
            assertThat(printed(leaf[0])).as(leaf[0]).isEqualTo(leaf[1]);
            for (String spec : new String[] {
                "levels(level(small(" + leaf[0] + ", 64KiB), write=false), " + disk + ")",
                "levels(level(readonly(" + leaf[0] + "), write=false), fanout(" + disk + ", " + disk + "2))",
                "levels(level(" + leaf[0] + ", write=false, capacity=10MiB, lowWatermark=0.5), " + disk + ")"}) {
                String printed = printed(spec);
                assertThat(printed).as(spec).contains(leaf[1]).doesNotContain(SECRET);
                assertThat(printed(printed)).as(spec).isEqualTo(printed);
            }
        }
    }

    /** A private key's file is printed, its passphrase never (a key that does not exist cannot make a location). */
    @Test
    void anSshLeafPrintsItsKeyFileButNotItsPassphrase() {
        SshSettings settings = SshSettings.of("127.0.0.1", "tarn").withPort(2222).withRoot("lake")
                .withPrivateKey(tmp.resolve("id_test"), SECRET).withPassword(SECRET);
        assertThat(settings.spec("sftp", Map.of()))
                .isEqualTo("sftp:tarn@127.0.0.1:2222/lake?privateKeyFile=" + tmp.resolve("id_test"));
    }

    private static String printed(String spec) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            TarnComponent tarn = new TarnComponent();
            camel.addComponent("tarn", tarn);
            camel.start();
            Location tree = tarn.parseSpec(spec);
            try {
                return tree.toString();
            } finally {
                tree.close();
            }
        }
    }
}
