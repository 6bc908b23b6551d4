package io.tarn.camel.backend.ssh;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.camel.backend.servers.SshTestServer;
import io.tarn.format.DiskConfig;
import io.tarn.location.Entry;
import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What SFTP and SCP add to the contract: tarn's disk layout on the server, host keys, no temp files, no secrets. */
class SshLocationTest {
    private static final AtomicInteger LAKES = new AtomicInteger();

    @TempDir
    static Path dir;
    static SshFixture ssh;

    @BeforeAll
    static void start() throws Exception {
        ssh = SshFixture.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        ssh.close();
    }

    private static SshSettings settings(String root) {
        return ssh.settings(root);
    }

    private static SshLocation open(String transport, SshSettings settings) {
        return ssh.open(transport, settings);
    }

    private static String fresh() {
        return "lake-" + LAKES.incrementAndGet();
    }

    private static Value value(String text) {
        return Value.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Key key(String text) {
        return TestData.sha256Key(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Value value) {
        return new String(TestData.readAll(value), StandardCharsets.UTF_8);
    }

    private static List<Path> allFiles(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sftp", "scp"})
    void writesMakeATarnDiskLakeAndNoTemporaryFileRemains(String transport) throws Exception {
        String root = fresh();
        List<String> texts = List.of("alpha", "beta", "gamma", "delta");
        try (SshLocation remote = open(transport, settings(root))) {
            for (String text : texts) {
                remote.write(key(text), value(text), Set.of()).orElseThrow().close();
            }
            remote.write(key("alpha"), value("alpha"), Set.of()).orElseThrow().close();
        }
        Path folder = ssh.server.onDisk(root);
        assertThat(Files.readString(folder.resolve("config.yml"))).isEqualTo("levels:\n- 1\n- -1\n");
        assertThat(allFiles(folder)).as("no .part or other temporary file").hasSize(texts.size() + 1)
                .allMatch(p -> p.getFileName().toString().equals("config.yml") || !p.getFileName().toString().contains("."),
                        "no dotted names but config.yml");
        try (DiskLocation disk = DiskLocation.open(folder)) {
            for (String text : texts) {
                Key key = key(text);
                assertThat(folder.resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2))).isRegularFile();
                assertThat(text(disk.read(key).orElseThrow())).isEqualTo(text);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sftp", "scp"})
    void aLakeWrittenOnDiskReadsOverSshWithItsLevels(String transport) throws Exception {
        String root = fresh();
        Path folder = ssh.server.onDisk(root);
        try (DiskLocation disk = DiskLocation.open(folder, DiskConfig.defaults().withLevels(List.of(2, -1)))) {
            for (String text : List.of("one", "two", "three")) {
                disk.write(key(text), value(text), Set.of()).orElseThrow();
            }
        }
        try (SshLocation remote = open(transport, settings(root))) {
            for (String text : List.of("one", "two", "three")) {
                assertThat(text(remote.read(key(text)).orElseThrow())).isEqualTo(text);
            }
            try (Stream<Entry> entries = remote.contents()) {
                assertThat(entries.map(Entry::key)).containsExactlyInAnyOrder(key("one"), key("two"), key("three"));
            }
            remote.write(key("four"), value("four"), Set.of()).orElseThrow().close();
        }
        Key four = key("four");
        assertThat(folder.resolve(four.hex().substring(0, 4)).resolve(four.hex().substring(4)))
                .as("levels [2, -1] from the server's config.yml").hasContent("four");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sftp", "scp"})
    void aRootWithoutConfigIsEmptyUntilTheFirstWrite(String transport) throws Exception {
        String root = fresh();
        Files.createDirectories(ssh.server.onDisk(root).resolve("ab"));
        try (SshLocation remote = open(transport, settings(root))) {
            assertThat(remote.read(key("x"))).isEmpty();
            try (Stream<Entry> entries = remote.contents()) {
                assertThat(entries).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sftp", "scp"})
    void anUnknownHostKeyIsRefusedWithAClearErrorNotAnOutage(String transport) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts_" + transport), "");
        try (SshLocation remote = open(transport, settings(fresh()).withKnownHostsFile(empty))) {
            assertThatThrownBy(() -> remote.read(key("x"))).isInstanceOf(LocationException.class)
                    .hasMessageContaining("127.0.0.1").hasMessageContaining(empty.toString())
                    .hasMessageContaining("host key");
            assertThatThrownBy(() -> remote.write(key("x"), value("x"), Set.of())).isInstanceOf(LocationException.class);
            assertThat(remote.reachability().isUp()).as("not an outage").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sftp", "scp"})
    void hostKeysAreVerifiedByDefault(String transport) throws Exception {
        // no known_hosts option: the user's ~/.ssh/known_hosts, which cannot hold this test server's fresh key
        SshSettings defaults = SshSettings.of("127.0.0.1", SshTestServer.USER).withPort(ssh.server.port())
                .withPassword(SshTestServer.PASSWORD).withRoot(fresh());
        assertThat(defaults.strictHostKeyChecking()).isTrue();
        try (SshLocation remote = open(transport, defaults)) {
            assertThatThrownBy(() -> remote.write(key("x"), value("x"), Set.of())).isInstanceOf(LocationException.class)
                    .hasMessageContaining("host key");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sftp", "scp"})
    void thePasswordNeverShows(String transport) throws Exception {
        SshSettings settings = settings(fresh());
        try (SshLocation remote = open(transport, settings)) {
            assertThat(remote.toString()).doesNotContain(SshTestServer.PASSWORD);
            assertThat(settings.toString()).doesNotContain(SshTestServer.PASSWORD);
            assertThat(remote.reachability().location()).doesNotContain(SshTestServer.PASSWORD);
        }
        try (SshLocation wrong = open(transport, settings.withPassword("wrong-" + SshTestServer.PASSWORD))) {
            assertThatThrownBy(() -> wrong.read(key("x"))).isInstanceOf(LocationException.class)
                    .satisfies(e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain(SshTestServer.PASSWORD);
                        }
                    });
        }
        Path empty = Files.writeString(dir.resolve("empty2_" + transport), "");
        try (SshLocation refused = open(transport, settings.withKnownHostsFile(empty))) {
            assertThatThrownBy(() -> refused.read(key("x"))).satisfies(e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(SshTestServer.PASSWORD);
                }
            });
        }
    }

    @Test
    void scpDeclinesAValueAboveMaxValueSizeWithoutReadingIt() throws Exception {
        String root = fresh();
        try (ScpLocation remote = new ScpLocation(ssh.camel, settings(root), 1024)) {
            AtomicInteger opened = new AtomicInteger();
            Value large = new Value() {
                @Override
                public long size() {
                    return 4096;
                }

                @Override
                public InputStream open() {
                    opened.incrementAndGet();
                    return InputStream.nullInputStream();
                }
            };
            assertThat(remote.write(key("large"), large, Set.of())).isEmpty();
            assertThat(opened).as("not read").hasValue(0);
            assertThat(remote.write(key("small"), value("small"), Set.of())).isPresent();
        }
        assertThatThrownBy(() -> new ScpLocation(ssh.camel, settings(root), Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxValueSize");
    }

    @Test
    void aLakeIsTheSameOverSftpAndScp() throws Exception {
        String root = fresh();
        try (Location sftp = new SftpLocation(ssh.camel, settings(root)); Location scp = new ScpLocation(ssh.camel, settings(root))) {
            sftp.write(key("via sftp"), value("via sftp"), Set.of()).orElseThrow().close();
            scp.write(key("via scp"), value("via scp"), Set.of()).orElseThrow().close();
            assertThat(text(scp.read(key("via sftp")).orElseThrow())).isEqualTo("via sftp");
            assertThat(text(sftp.read(key("via scp")).orElseThrow())).isEqualTo("via scp");
        }
    }
}
