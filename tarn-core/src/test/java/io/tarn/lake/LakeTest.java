package io.tarn.lake;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.HashAlgorithm;
import io.tarn.InvalidKeyException;
import io.tarn.Key;
import io.tarn.KeyNotFoundException;
import io.tarn.LocationSpecException;
import io.tarn.LowHeapWriterMain;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.WriteDeclinedException;
import io.tarn.format.DiskConfig;
import io.tarn.location.Entry;
import io.tarn.location.combine.Levels;
import io.tarn.location.combine.ReadOnly;
import io.tarn.location.disk.DiskLocation;

import static io.tarn.TestData.files;
import static io.tarn.TestData.sha256Hex;
import static io.tarn.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakeTest {
    @TempDir
    Path temp;

    @Test
    void writeGivesTheSha256OfStreamsBytesAndFiles() throws Exception {
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            assertThat(lake.algorithm()).isEqualTo(HashAlgorithm.SHA256);
            for (byte[] bytes : List.of(new byte[0], utf8("hello world\n"), TestData.bytes(65_536, 1),
                                        TestData.bytes(65_537, 2), TestData.bytes(1_000_000, 3))) {
                String expected = sha256Hex(bytes);
                assertThat(lake.write(bytes).hex()).isEqualTo(expected);
                assertThat(lake.write(new ByteArrayInputStream(bytes)).hex()).isEqualTo(expected);
                Path file = temp.resolve("input");
                Files.write(file, bytes);
                assertThat(lake.write(file).hex()).isEqualTo(expected);
                assertThat(file).exists().hasBinaryContent(bytes);

                try (Value value = lake.get(lake.key(expected))) {
                    assertThat(TestData.readAll(value)).isEqualTo(bytes);
                }
            }
        }
        assertThat(files(temp.resolve("lake/.tmp"))).isEmpty();
    }

    @Test
    void theStreamIsReadToItsEndButNotClosed() {
        Lake lake = Lake.open(temp.resolve("lake"));
        boolean[] closed = {false};
        InputStream in = new FilterInputStream(new ByteArrayInputStream(utf8("stay open"))) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };
        lake.write(in);
        assertThat(closed[0]).isFalse();
    }

    @Test
    void aLargeValueIsSpooledInTheDisksTmpAndStoredByRename() throws Exception {
        Path root = TestData.folder(temp.resolve("lake"), "rwxr-xr-x");
        Lake lake = Lake.open(root);
        Path tmp = root.resolve(".tmp");
        long size = 20L * 1024 * 1024;
        assertThat(size).isGreaterThan(Lake.DEFAULT_MEMORY_LIMIT);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        List<Object> spoolInodes = new ArrayList<>();
        // a generated stream: the test never holds the value in memory either
        InputStream in = new InputStream() {
            private final Random random = new Random(42);
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    // the whole value has been read: it must be sitting in the lake's .tmp now
                    try (Stream<Path> list = Files.list(tmp)) {
                        for (Path p : list.toList()) {
                            spoolInodes.add(Files.getAttribute(p, "unix:ino"));
                        }
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                    return -1;
                }
                int n = (int) Math.min(len, left);
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                expected.update(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        };
        Key key = lake.write(in);

        assertThat(key.bytes()).isEqualTo(expected.digest());
        assertThat(spoolInodes).as("one spool file in .tmp once the value was read").hasSize(1);
        Path stored = ((DiskLocation) lake.location()).pathOf(key);
        assertThat(Files.size(stored)).isEqualTo(size);
        assertThat(Files.getAttribute(stored, "unix:ino")).as("stored by renaming the spool file, not by copying it")
                .isEqualTo(spoolInodes.get(0));
        assertThat(Files.getAttribute(stored, "unix:nlink")).isEqualTo(1);
        assertThat(TestData.mode(stored)).isEqualTo("r--r--r--");
        assertThat(files(tmp)).isEmpty();
        assertThat(sha256Hex(stored)).isEqualTo(key.hex());
    }

    @Test
    @Timeout(120)
    void aValueSeveralTimesLargerThanTheHeapStreamsThrough() throws Exception {
        // DESIGN: every body is read once and spooled; a value far larger than the heap must go through
        Path root = temp.resolve("lake");
        long size = 192L * 1024 * 1024;
        Path log = temp.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                LowHeapWriterMain.class.getName(), root.toString(), Long.toString(size))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(child.waitFor(100, TimeUnit.SECONDS)).as("child finished").isTrue();
            assertThat(child.exitValue()).as("child exit code; its output:%n%s", Files.readString(log)).isZero();
        } finally {
            child.destroyForcibly();
        }
        List<String> stored = files(root).stream().filter(f -> !f.equals("config.yml") && !f.equals("tools/locks")
                                                               && !f.startsWith("tools/usage/")).toList();
        assertThat(stored).hasSize(1);
        assertThat(Files.size(root.resolve(stored.get(0)))).isEqualTo(size);
    }

    @Test
    void aLargeFileIsCopiedAndHashedAtOnceAndLeavesNoSpoolFileBehind() throws Exception {
        byte[] big = TestData.bytes(3_000_000, 11);
        Path file = temp.resolve("big.bin");
        Files.write(file, big);
        Path root = temp.resolve("lake");
        try (Lake lake = Lake.open(root)) {
            Key key = lake.write(file);
            assertThat(key.hex()).isEqualTo(sha256Hex(big));
            try (Value value = lake.get(key)) {
                assertThat(TestData.readAll(value)).isEqualTo(big);
            }
            assertThat(lake.write(file)).isEqualTo(key);
        }
        assertThat(files(root.resolve(".tmp"))).isEmpty();
        assertThat(file).hasBinaryContent(big);

        Lake readOnly = new Lake(new ReadOnly(DiskLocation.open(temp.resolve("other"))));
        assertThatThrownBy(() -> readOnly.write(file)).isInstanceOf(WriteDeclinedException.class);
        assertThat(files(temp.resolve("other/.tmp"))).isEmpty();
    }

    @Test
    void spoolFilesAreRemovedWhenNobodyTakesTheValue() throws Exception {
        Path root = temp.resolve("lake");
        DiskLocation disk = DiskLocation.open(root);
        Lake lake = new Lake(new ReadOnly(disk));
        byte[] big = TestData.bytes(200_000, 9);
        assertThatThrownBy(() -> lake.write(big)).isInstanceOf(WriteDeclinedException.class);
        assertThat(files(root)).containsExactly("config.yml", "tools/locks");
    }

    @Test
    void getOfAMissingKeyThrowsKeyNotFound() {
        Lake lake = Lake.open(temp.resolve("lake"));
        Key key = lake.key("ab".repeat(32));
        assertThat(lake.read(key)).isEmpty();
        assertThat(lake.contains(key)).isFalse();
        assertThatThrownBy(() -> lake.get(key))
                .isInstanceOf(KeyNotFoundException.class)
                .hasMessageContaining(key.hex())
                .hasMessageContaining(temp.resolve("lake").toAbsolutePath().toString())
                .satisfies(e -> assertThat(((KeyNotFoundException) e).getKey()).isEqualTo(key));
    }

    @Test
    void invalidKeysFromOutsideAreRejected() {
        Lake lake = Lake.open(temp.resolve("lake"));
        assertThatThrownBy(() -> lake.key("../../etc/passwd")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> lake.key(null)).isInstanceOf(InvalidKeyException.class);
        assertThat(lake.key("AB".repeat(32)).hex()).isEqualTo("ab".repeat(32));
    }

    @Test
    void writeDeclinedWhenTheOnlyLocationIsReadOnly() {
        Path root = temp.resolve("lake");
        Lake lake = new Lake(new ReadOnly(DiskLocation.open(root)));
        byte[] bytes = utf8("nowhere to go");
        assertThatThrownBy(() -> lake.write(bytes))
                .isInstanceOf(WriteDeclinedException.class)
                .hasMessageContaining(sha256Hex(bytes))
                .hasMessageContaining("readonly(");
        assertThat(files(root)).containsExactly("config.yml", "tools/locks");
    }

    @Test
    void deleteAndTouch() {
        Lake lake = Lake.open(temp.resolve("lake"));
        Key key = lake.write(utf8("short-lived"));
        assertThat(lake.contains(key)).isTrue();
        assertThat(lake.touch(key)).isTrue();
        assertThat(lake.delete(key)).isTrue();
        assertThat(lake.contains(key)).isFalse();
        assertThat(lake.delete(key)).isFalse();
        assertThat(lake.touch(key)).isFalse();
    }

    @Test
    void fetchPullsKeysIntoTheUpperLevel() {
        DiskLocation upper = DiskLocation.open(temp.resolve("upper"));
        DiskLocation lower = DiskLocation.open(temp.resolve("lower"));
        Lake remote = new Lake(lower);
        Key a = remote.write(utf8("value a"));
        Key b = remote.write(TestData.bytes(100_000, 5));
        Key missing = remote.key("00".repeat(32));

        Lake lake = new Lake(Levels.of(upper, lower));
        Map<Key, Fetched> found = lake.fetch(List.of(a, missing, b));
        // tarn reports hits level by level, then the misses: compare as a map
        assertThat(found).containsOnly(Map.entry(a, Fetched.FOUND), Map.entry(missing, Fetched.MISSING),
                Map.entry(b, Fetched.FOUND));
        assertThat(upper.contains(a)).isTrue();
        assertThat(upper.contains(b)).isTrue();
        assertThat(upper.contains(missing)).isFalse();
        assertThat(TestData.consume(upper.read(b).orElseThrow())).isEqualTo(TestData.bytes(100_000, 5));

        // fetching again finds them in the upper level
        assertThat(lake.fetch(List.of(a, b))).containsOnly(Map.entry(a, Fetched.FOUND), Map.entry(b, Fetched.FOUND));
        assertThat(lake.fetch(List.of())).isEmpty();
    }

    @Test
    void labelsRoundTripThroughALakeWithJsonLabels() {
        Lake lake = new Lake(DiskLocation.open(temp.resolve("lake"), DiskConfig.defaults().withTools()));
        Key key = lake.write(utf8("labelled"), Set.of("source:ftp", "2024"));
        assertThat(lake.labels(key)).containsExactlyInAnyOrder("source:ftp", "2024");
        assertThat(lake.write(utf8("labelled"), Set.of("checked"))).isEqualTo(key);
        assertThat(lake.labels(key)).containsExactlyInAnyOrder("source:ftp", "2024", "checked");
        try (Stream<Entry> contents = lake.contents()) {
            assertThat(contents.toList()).singleElement()
                    .satisfies(e -> assertThat(e.labels()).containsExactlyInAnyOrder("source:ftp", "2024", "checked"));
        }
        assertThat(lake.labels(lake.key("00".repeat(32)))).isEmpty();
        // a big value carries its labels too
        Key big = lake.write(new ByteArrayInputStream(TestData.bytes(300_000, 8)), Set.of("big"));
        assertThat(lake.labels(big)).containsExactly("big");
    }

    @Test
    void theAlgorithmComesFromTheLakesConfig() throws Exception {
        Path root = temp.resolve("lake");
        Files.createDirectories(root);
        Files.writeString(root.resolve("config.yml"), "hash: sha512\n");
        Lake lake = Lake.open(root);
        assertThat(lake.algorithm().name()).isEqualTo("sha512");
        byte[] bytes = utf8("sha512 value");
        Key key = lake.write(bytes);
        assertThat(key.bytes()).isEqualTo(TestData.digest("SHA-512", bytes));
        assertThat(lake.key(key.hex())).isEqualTo(key);
        assertThatThrownBy(() -> lake.key(sha256Hex(bytes))).isInstanceOf(InvalidKeyException.class);

        assertThatThrownBy(() -> new Lake(lake.location(), HashAlgorithm.SHA256, null, 1024))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("sha512");
    }

    @Test
    void aChosenAlgorithmIsUsedForAnUnconfiguredLake() {
        Lake lake = new Lake(DiskLocation.open(temp.resolve("lake")), HashAlgorithm.byName("sha3_256"), null, 0);
        byte[] bytes = utf8("sha3");
        assertThat(lake.write(bytes).bytes()).isEqualTo(TestData.digest("SHA3-256", bytes));
        assertThat(files(temp.resolve("lake/.tmp"))).isEmpty();
    }
}
