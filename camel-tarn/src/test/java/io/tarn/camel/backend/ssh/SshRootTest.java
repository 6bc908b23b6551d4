package io.tarn.camel.backend.ssh;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.backend.servers.SshTestServer;
import io.tarn.location.Entry;
import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a root means over SFTP and SCP, on a server laid out as real ones are ("/" and a login folder below it): an
 * absolute root is that path on the server, a relative one starts at the login folder, and every operation — write,
 * read, look-up, delete, touch, listing, config.yml, temporary files — agrees on it, so the folder on the server's
 * disk is the lake that a DiskLocation or Python tarn opens there.
 */
class SshRootTest {
    private static final AtomicInteger LAKES = new AtomicInteger();

    @TempDir
    static Path dir;
    static SshFixture ssh;
    static SshTestServer server;

    @BeforeAll
    static void start() throws Exception {
        ssh = SshFixture.start(dir);
        server = ssh.server;
    }

    @AfterAll
    static void stop() throws Exception {
        ssh.close();
    }

    /** Each transport with a root outside the login folder, one relative to it, and one inside it given absolute. */
    static Stream<Arguments> roots() {
        List<Arguments> out = new ArrayList<>();
        for (String transport : List.of("sftp", "scp")) {
            for (String root : List.of("/srv/lake", "lake", SshTestServer.HOME + "/lake")) {
                out.add(Arguments.of(transport, root));
            }
        }
        return out.stream();
    }

    private static String fresh(String root) {
        return root + "-" + LAKES.incrementAndGet();
    }

    private static SshLocation open(String transport, String root) {
        return ssh.open(transport, ssh.settings(root));
    }

    private static Key key(byte[] bytes) {
        return TestData.sha256Key(bytes);
    }

    private static Path stored(Path lake, Key key) {
        return lake.resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
    }

    private static List<Key> keys(Location location) {
        try (Stream<Entry> entries = location.contents()) {
            return entries.map(Entry::key).toList();
        }
    }

    /**
     * Every file on the server's disk with the root's last folder name anywhere in its path, "/"-relative: what landed
     * where, and that nothing landed elsewhere (each test's root has a name of its own).
     */
    private static List<String> filesNamedLike(String root) {
        String name = root.substring(root.lastIndexOf('/') + 1);
        return TestData.files(server.root()).stream().filter(p -> List.of(p.split("/")).contains(name)).toList();
    }

    /** A file on the server's disk as {@link #filesNamedLike} lists it. */
    private static String listed(Path onDisk) {
        return TestData.relative(server.root(), onDisk);
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("roots")
    void everyOperationUsesTheRootAndTheValuesLandThere(String transport, String prefix) throws Exception {
        String root = fresh(prefix);
        Path lake = server.onDisk(root);
        byte[] small = TestData.utf8("bytes at " + root);
        byte[] streamed = TestData.bytes(300_000, LAKES.get());
        Key smallKey = key(small);
        Key streamedKey = key(streamed);
        Key absent = key(TestData.utf8("never written"));
        try (SshLocation remote = open(transport, root)) {
            remote.write(smallKey, Value.of(small), Set.of("ignored")).orElseThrow().close();
            remote.write(streamedKey, TestData.unknownSize(streamed), Set.of()).orElseThrow().close();
            remote.write(smallKey, Value.of(small), Set.of()).orElseThrow().close();

            assertThat(TestData.consume(remote.read(smallKey).orElseThrow())).isEqualTo(small);
            assertThat(TestData.consume(remote.read(streamedKey).orElseThrow())).isEqualTo(streamed);
            assertThat(remote.read(absent)).isEmpty();
            assertThat(remote.contains(smallKey)).isTrue();
            assertThat(remote.contains(absent)).isFalse();
            assertThat(remote.touch(streamedKey)).isTrue();
            assertThat(remote.touch(absent)).isFalse();
            assertThat(remote.labels(smallKey)).as("SSH locations keep no labels, as Python tarn's").isEmpty();
            assertThat(keys(remote)).containsExactlyInAnyOrder(smallKey, streamedKey);

            assertThat(filesNamedLike(root)).as("config.yml and the values under %s, nothing anywhere else", root)
                    .containsExactlyInAnyOrder(listed(lake.resolve("config.yml")), listed(stored(lake, smallKey)),
                            listed(stored(lake, streamedKey)));
            assertThat(Files.readString(lake.resolve("config.yml"))).isEqualTo("levels:\n- 1\n- -1\n");
            try (DiskLocation disk = DiskLocation.open(lake)) {
                assertThat(TestData.consume(disk.read(smallKey).orElseThrow())).isEqualTo(small);
                assertThat(TestData.consume(disk.read(streamedKey).orElseThrow())).isEqualTo(streamed);
            }

            assertThat(remote.delete(smallKey)).isTrue();
            assertThat(stored(lake, smallKey)).doesNotExist();
            assertThat(remote.delete(smallKey)).isFalse();
            assertThat(remote.read(smallKey)).isEmpty();
            assertThat(keys(remote)).containsExactly(streamedKey);
        }
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("roots")
    void theFirstWriteToAnEmptyFolderMakesItALakeThere(String transport, String prefix) throws Exception {
        String root = fresh(prefix);
        Path lake = Files.createDirectories(server.onDisk(root));
        byte[] bytes = TestData.utf8("first in " + root);
        try (SshLocation remote = open(transport, root)) {
            assertThat(keys(remote)).isEmpty();
            remote.write(key(bytes), Value.of(bytes), Set.of()).orElseThrow().close();
        }
        assertThat(lake.resolve("config.yml")).hasContent("levels:\n- 1\n- -1\n");
        assertThat(stored(lake, key(bytes))).hasBinaryContent(bytes);
        assertThat(filesNamedLike(root)).containsExactlyInAnyOrder(listed(lake.resolve("config.yml")),
                listed(stored(lake, key(bytes))));
        try (SshLocation again = open(transport, root)) {
            assertThat(TestData.consume(again.read(key(bytes)).orElseThrow())).isEqualTo(bytes);
        }
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("roots")
    void aWriteThatBreaksLeavesNoTemporaryFileAnywhere(String transport, String prefix) throws Exception {
        String root = fresh(prefix);
        Path lake = Files.createDirectories(server.onDisk(root));
        Files.writeString(lake.resolve("config.yml"), "levels:\n- 1\n- -1\n");
        byte[] bytes = TestData.bytes(200_000, 7);
        Key key = key(bytes);
        Value breaking = new Value() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new FilterInputStream(new ByteArrayInputStream(bytes, 0, bytes.length / 2)) {
                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = super.read(buffer, offset, length);
                        if (n < 0) {
                            throw new IOException("the value's source broke half-way");
                        }
                        return n;
                    }
                };
            }
        };
        try (SshLocation remote = open(transport, root)) {
            assertThatThrownBy(() -> remote.write(key, breaking, Set.of())).isInstanceOf(LocationException.class)
                    .hasMessageContaining(key.hex()).hasMessageContaining(root);
            assertThat(remote.contains(key)).isFalse();
            assertThat(filesNamedLike(root)).as("no .part left, here or elsewhere")
                    .containsExactly(listed(lake.resolve("config.yml")));
            remote.write(key, Value.of(bytes), Set.of()).orElseThrow().close();
        }
        assertThat(stored(lake, key)).hasBinaryContent(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sftp", "scp"})
    void aLakeWrittenByPythonTarnAtAnAbsoluteRootReadsByteExact(String transport) throws Exception {
        Path fixtures = TestData.pythonTarnFixtures();
        JsonObject manifest = (JsonObject) Jsoner.deserialize(Files.readString(fixtures.resolve("manifest.json")));
        JsonObject lakes = (JsonObject) manifest.get("lakes");
        assertThat(lakes).isNotEmpty();
        for (String name : lakes.keySet()) {
            JsonObject described = (JsonObject) lakes.get(name);
            String root = fresh("/srv/python/" + name);
            Path lake = TestData.copyTree(fixtures.resolve(name), server.onDisk(root));
            List<Key> expected = new ArrayList<>();
            try (SshLocation remote = open(transport, root)) {
                JsonObject paths = (JsonObject) described.get("paths");
                for (Object hex : (JsonArray) described.get("keys")) {
                    Key key = Key.of(HexFormat.of().parseHex(hex.toString()));
                    expected.add(key);
                    byte[] onDisk = Files.readAllBytes(lake.resolve(paths.getString(hex.toString())));
                    byte[] read = TestData.consume(remote.read(key).orElseThrow());
                    assertThat(read).as("%s in %s", hex, name).isEqualTo(onDisk);
                    assertThat(TestData.sha256Hex(read)).isEqualTo(hex.toString());
                    assertThat(remote.contains(key)).isTrue();
                }
                assertThat(keys(remote)).as(name).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sftp", "scp"})
    void aSpecLeafWithTwoSlashesHasAnAbsoluteRootAndWithOneARelativeRoot(String transport) throws Exception {
        String absolute = fresh("/srv/spec");
        String relative = fresh("spec");
        TarnComponent tarn = ssh.camel.getComponent("tarn", TarnComponent.class);
        String options = "?password=" + URLEncoder.encode(SshTestServer.PASSWORD, StandardCharsets.UTF_8)
                         + "&knownHostsFile=" + ssh.knownHosts;
        String leaf = transport + ":" + SshTestServer.USER + "@127.0.0.1:" + server.port() + "/";
        for (String root : List.of(absolute, relative)) {
            byte[] bytes = TestData.utf8("by spec at " + root);
            Location location = tarn.parseSpec(leaf + root + options);
            location.write(key(bytes), Value.of(bytes), Set.of()).orElseThrow().close();
            assertThat(stored(server.onDisk(root), key(bytes))).hasBinaryContent(bytes);
        }
        assertThat(server.onDisk(absolute)).startsWith(server.root().resolve("srv"));
        assertThat(server.onDisk(relative)).startsWith(server.home());
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("rootsWithASpace")
    void aRootWithASpaceIsThatFolder(String transport, String prefix) throws Exception {
        String root = fresh(prefix);
        byte[] bytes = TestData.utf8("spaced out in " + root);
        try (SshLocation remote = open(transport, root)) {
            remote.write(key(bytes), Value.of(bytes), Set.of()).orElseThrow().close();
            assertThat(TestData.consume(remote.read(key(bytes)).orElseThrow())).isEqualTo(bytes);
            assertThat(keys(remote)).containsExactly(key(bytes));
        }
        assertThat(stored(server.onDisk(root), key(bytes))).hasBinaryContent(bytes);
    }

    static Stream<Arguments> rootsWithASpace() {
        return Stream.of("sftp", "scp").flatMap(t -> Stream.of(Arguments.of(t, "/srv/a lake"), Arguments.of(t, "a lake")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"~/lake", "~", "~other/lake"})
    void aRootStartingWithATildeIsRefusedSayingWhatToWrite(String root) {
        assertThatThrownBy(() -> ssh.settings(root)).isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("'" + root + "'").hasMessageContaining("not expand")
                .hasMessageContaining(root.equals("~/lake") ? "write 'lake'" : root.equals("~") ? "write '.'" : "absolute");
        TarnComponent tarn = ssh.camel.getComponent("tarn", TarnComponent.class);
        assertThatThrownBy(() -> tarn.parseSpec("sftp:" + SshTestServer.USER + "@127.0.0.1:" + server.port() + "/" + root))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("'" + root + "'");
    }
}
