package io.tarn.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * Makes a snippet runnable on a test machine without changing what it does: the folders it names (every absolute path,
 * /mnt/..., /data/..., and relative file: endpoints) move under a temporary folder, and the servers it names (cache:6379, s3 without an
 * endpoint, remote-host, example.com...) become a loopback port where nothing listens, so that a snippet runs up to the
 * point where it would talk to its server (its locations then report the outage as they would in production) and
 * never reaches a real network. A private key file it names is made (SSH clients read it before they connect).
 */
final class DocEnvironment {
    /** The start of an absolute path: a slash and a name, after a quote, bracket, '=', ',', ':' or white space. */
    private static final Pattern ABSOLUTE = Pattern.compile("(?<=^|[\\s\"'(=,:])/(?=[A-Za-z_])", Pattern.MULTILINE);
    private static final Pattern RELATIVE_FILE = Pattern.compile("\\bfile:(?![/{$])");
    private static final Pattern HOST = Pattern.compile(
            "(?<=[@/:\"(,\\s])(cache\\.internal|redis\\.internal|cache|localhost|my-host|remote-host|myserver|files\\.example\\.org"
            + "|lake\\.example\\.org|example\\.com|my-storage-url|my-s3-host|127\\.0\\.0\\.1)(:\\d+)?(?=([/?,):\"\\s]|$))",
            Pattern.MULTILINE);
    private static final Pattern S3_WITHOUT_ENDPOINT = Pattern.compile("\\bs3:([\\w.-]+)\\?(?![^,)\"\\s]*endpoint=)");

    private static final Pattern PRIVATE_KEY = Pattern.compile("privateKeyFile=([^&)\"\\s]+)");

    /** A redis: leaf of a spec, its options apart (up to the next ',' or ')' of the tree). */
    private static final Pattern REDIS_LEAF = Pattern.compile("\\bredis:[^?,)\\s]+(?:\\?([^,)\\s]*))?");
    /** An s3: leaf of a spec. */
    private static final Pattern S3_LEAF = Pattern.compile("\\bs3:[^,)\\s]+");
    private static final Pattern BEAN = Pattern.compile("#(?:bean:)?([A-Za-z][\\w-]*)");
    /** A member named by one capital letter, as the fault matrix's shapes write them: levels(A, B). */
    /** A property placeholder where a folder belongs: {@code ${example.work}/nfs}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([\\w.-]+)}");
    private static final Pattern MEMBER_LETTER = Pattern.compile("(?<=[(,]\\s?)([A-C])(?=\\s*[,)])");

    /** Real servers for the remote leaves of a spec ({@link #rewriteSpec}). */
    interface Servers {
        /** A redis: leaf on the test's redis-server with a prefix of its own, keeping these other options. */
        String redisLeaf(String otherOptions);

        /** An s3: leaf on the test's S3 server, under a prefix of its own. */
        String s3Leaf();
    }

    private final Path root;
    private final int closedPort;

    DocEnvironment(Path root) {
        this.root = root;
        // a port that was free a moment ago: connections to it are refused at once
        try (ServerSocket socket = new ServerSocket(0)) {
            this.closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    String rewrite(String text) {
        String out = ABSOLUTE.matcher(text).replaceAll(Matcher.quoteReplacement(root.resolve("fs") + "/"));
        out = RELATIVE_FILE.matcher(out).replaceAll(Matcher.quoteReplacement("file:" + root.resolve("work")) + "/");
        out = S3_WITHOUT_ENDPOINT.matcher(out).replaceAll("s3:$1?endpoint=http://127.0.0.1:" + closedPort + "&");
        Matcher host = HOST.matcher(out);
        StringBuilder rewritten = new StringBuilder();
        while (host.find()) {
            // a bare host (a Java string, a YAML item) stays bare; a host in a URI or spec gets the closed port
            boolean bare = host.group(2) == null && (host.group(3).isEmpty() || host.group(3).equals("\"")
                                                     || host.group(3).isBlank());
            host.appendReplacement(rewritten, bare ? "127.0.0.1" : "127.0.0.1:" + closedPort);
        }
        host.appendTail(rewritten);
        Matcher key = PRIVATE_KEY.matcher(rewritten);
        while (key.find()) {
            writePrivateKey(Path.of(key.group(1)));
        }
        return rewritten.toString();
    }

    /**
     * A location spec of the docs made runnable against real servers: folders move under the temporary folder as in
     * {@link #rewrite}; every redis: and s3: leaf becomes one on {@code servers} (the options that say where and who
     * are replaced, the others kept); {@code #redis} is a Redis leaf there too, any other {@code #bean} a disk lake
     * named after it, a property placeholder ({@code ${example.work}}) a folder, and the members A, B, C of the
     * fault matrix's shapes are disk lakes.
     */
    String rewriteSpec(String spec, Servers servers) {
        String out = PLACEHOLDER.matcher(spec).replaceAll(placeholder -> Matcher.quoteReplacement(
                root.resolve("placeholders").resolve(placeholder.group(1)).toString()));
        out = rewrite(out);
        out = REDIS_LEAF.matcher(out).replaceAll(leaf -> Matcher.quoteReplacement(servers.redisLeaf(
                leaf.group(1) == null ? "" : leaf.group(1).replaceAll("(^|&)(prefix|password|database)=[^&]*", ""))));
        out = S3_LEAF.matcher(out).replaceAll(leaf -> Matcher.quoteReplacement(servers.s3Leaf()));
        out = BEAN.matcher(out).replaceAll(bean -> Matcher.quoteReplacement(bean.group(1).equals("redis")
                ? servers.redisLeaf("") : root.resolve("beans").resolve(bean.group(1)).toString()));
        return MEMBER_LETTER.matcher(out).replaceAll(member -> Matcher.quoteReplacement(
                root.resolve("members").resolve(member.group(1)).toString()));
    }

    /** A private key file the snippet names exists (an SSH client reads it before it connects). */
    private static void writePrivateKey(Path file) {
        try {
            Files.createDirectories(file.getParent());
            KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            try (OutputStream out = Files.newOutputStream(file)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "docs", null, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
