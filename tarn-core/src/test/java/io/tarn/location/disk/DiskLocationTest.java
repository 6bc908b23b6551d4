package io.tarn.location.disk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tarn.CollisionException;
import io.tarn.HashAlgorithm;
import io.tarn.InvalidKeyException;
import io.tarn.Key;
import io.tarn.LocationSpecException;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.format.DiskConfig;
import io.tarn.location.Entry;

import static io.tarn.TestData.consume;
import static io.tarn.TestData.files;
import static io.tarn.TestData.sha256Key;
import static io.tarn.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskLocationTest {
    @TempDir
    Path temp;

    private Path root() {
        return temp.resolve("lake");
    }

    @Test
    void roundTrip() {
        DiskLocation disk = DiskLocation.open(root());
        byte[] bytes = utf8("hello world\n");
        Key key = sha256Key(bytes);

        Optional<Value> written = disk.write(key, Value.of(bytes), Set.of());
        assertThat(written).isPresent();
        assertThat(written.get().file()).contains(disk.pathOf(key));
        assertThat(consume(written.get())).isEqualTo(bytes);

        assertThat(disk.contains(key)).isTrue();
        Value read = disk.read(key).orElseThrow();
        assertThat(read.size()).isEqualTo(bytes.length);
        assertThat(read.file()).contains(root().toAbsolutePath().resolve("a9/48904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447"));
        assertThat(consume(read)).isEqualTo(bytes);
        // a value can be opened more than once
        assertThat(TestData.readAll(read)).isEqualTo(bytes);
        try (Stream<Entry> contents = disk.contents()) {
            assertThat(contents.map(Entry::key).toList()).containsExactly(key);
        }
    }

    @Test
    void emptyAndLargeValuesRoundTrip() {
        DiskLocation disk = DiskLocation.open(root());
        for (byte[] bytes : List.of(new byte[0], TestData.bytes(300_000, 1), new byte[]{0})) {
            Key key = sha256Key(bytes);
            assertThat(disk.write(key, Value.of(bytes), Set.of())).isPresent();
            assertThat(consume(disk.read(key).orElseThrow())).isEqualTo(bytes);
        }
        assertThat(files(root().resolve(".tmp"))).isEmpty();
    }

    @Test
    void absentKeyIsEmpty() {
        DiskLocation disk = DiskLocation.open(root());
        Key key = sha256Key(utf8("never written"));
        assertThat(disk.read(key)).isEmpty();
        assertThat(disk.contains(key)).isFalse();
        assertThat(disk.delete(key)).isFalse();
        assertThat(disk.touch(key)).isFalse();
        assertThat(disk.labels(key)).isEmpty();
        assertThat(disk.lastUsed(key)).isEmpty();
        try (Stream<Entry> contents = disk.contents()) {
            assertThat(contents).isEmpty();
        }
    }

    @Test
    void writingTheSameKeyTwiceKeepsOneFile() throws Exception {
        DiskLocation disk = DiskLocation.open(root());
        byte[] bytes = TestData.bytes(5000, 7);
        Key key = sha256Key(bytes);
        Path stored = disk.write(key, Value.of(bytes), Set.of()).orElseThrow().file().orElseThrow();
        Object inode = Files.getAttribute(stored, "unix:ino");

        Optional<Value> again = disk.write(key, Value.of(bytes.clone()), Set.of());
        assertThat(again).isPresent();
        assertThat(again.get().file()).contains(stored);
        assertThat(consume(again.get())).isEqualTo(bytes);
        // the stored file is kept, not replaced
        assertThat(Files.getAttribute(stored, "unix:ino")).isEqualTo(inode);
        // also when the second value is a file somewhere else, or of unknown size
        Path copy = temp.resolve("copy");
        Files.write(copy, bytes);
        assertThat(disk.write(key, Value.of(copy), Set.of())).isPresent();
        assertThat(disk.write(key, TestData.unknownSize(bytes), Set.of())).isPresent();

        assertThat(files(root())).containsExactlyInAnyOrder(key.hex().substring(0, 2) + "/" + key.hex().substring(2), "config.yml",
                UseLocks.FILE, "tools/usage/" + key.hex().substring(0, 2) + "/" + key.hex().substring(2));
        assertThat(files(root().resolve(".tmp"))).isEmpty();
    }

    @Test
    void differentBytesUnderAStoredKeyCollideAndLeaveTheStoredFileAlone() throws Exception {
        DiskLocation disk = DiskLocation.open(root());
        byte[] bytes = utf8("the real value");
        Key key = sha256Key(bytes);
        Path stored = disk.write(key, Value.of(bytes), Set.of()).orElseThrow().file().orElseThrow();

        // same length, different bytes
        byte[] impostor = utf8("the fake value");
        assertThatThrownBy(() -> disk.write(key, Value.of(impostor), Set.of()))
                .isInstanceOf(CollisionException.class)
                .hasMessageContaining(key.hex())
                .satisfies(e -> assertThat(((CollisionException) e).getKey()).isEqualTo(key));
        // different length
        assertThatThrownBy(() -> disk.write(key, Value.of(utf8("short")), Set.of()))
                .isInstanceOf(CollisionException.class);
        // unknown length, longer
        assertThatThrownBy(() -> disk.write(key, TestData.unknownSize(utf8("the real value, and more")), Set.of()))
                .isInstanceOf(CollisionException.class);
        // unknown length, a prefix
        assertThatThrownBy(() -> disk.write(key, TestData.unknownSize(utf8("the real")), Set.of()))
                .isInstanceOf(CollisionException.class);

        assertThat(stored).hasBinaryContent(bytes);
        assertThat(files(root().resolve(".tmp"))).isEmpty();
        assertThat(files(root())).containsExactlyInAnyOrder(key.hex().substring(0, 2) + "/" + key.hex().substring(2), "config.yml",
                UseLocks.FILE, "tools/usage/" + key.hex().substring(0, 2) + "/" + key.hex().substring(2));
    }

    @Test
    void deleteAndTouchSayWhetherTheKeyWasThere() {
        DiskLocation disk = DiskLocation.open(root());
        byte[] bytes = utf8("to be deleted");
        Key key = sha256Key(bytes);
        disk.write(key, Value.of(bytes), Set.of());

        assertThat(disk.touch(key)).isTrue();
        assertThat(disk.delete(key)).isTrue();
        assertThat(disk.pathOf(key)).doesNotExist();
        assertThat(disk.read(key)).isEmpty();
        assertThat(disk.delete(key)).isFalse();
        assertThat(disk.touch(key)).isFalse();
        // it can be written again
        assertThat(disk.write(key, Value.of(bytes), Set.of())).isPresent();
        assertThat(disk.contains(key)).isTrue();
    }

    @Test
    void aKeyOfAnotherDigestSizeIsInvalid() {
        DiskLocation disk = DiskLocation.open(root());
        Key sha512 = HashAlgorithm.byName("sha512").digest(utf8("x"));
        Key md5 = Key.of(HexFormat.of().parseHex("9dd4e461268c8034f5c8564e155c67a6"));
        for (Key key : List.of(sha512, md5)) {
            assertThatThrownBy(() -> disk.read(key))
                    .isInstanceOf(InvalidKeyException.class)
                    .hasMessageContaining(key.hex())
                    .hasMessageContaining("sha256");
            assertThatThrownBy(() -> disk.write(key, Value.of(utf8("x")), Set.of()))
                    .isInstanceOf(InvalidKeyException.class);
            assertThatThrownBy(() -> disk.delete(key)).isInstanceOf(InvalidKeyException.class);
            assertThatThrownBy(() -> disk.contains(key)).isInstanceOf(InvalidKeyException.class);
        }
        assertThat(files(root())).containsExactly("config.yml", UseLocks.FILE);
    }

    @Test
    void aSha512LakeStoresSha512Keys() {
        DiskConfig config = DiskConfig.parse("hash: sha512\n", "test");
        DiskLocation disk = DiskLocation.open(root(), config);
        assertThat(disk.algorithm()).contains(HashAlgorithm.byName("sha512"));
        byte[] bytes = utf8("long keys");
        Key key = HashAlgorithm.byName("sha512").digest(bytes);
        disk.write(key, Value.of(bytes), Set.of());
        assertThat(TestData.relative(root(), disk.pathOf(key))).isEqualTo(key.hex().substring(0, 2) + "/" + key.hex().substring(2));
        assertThat(consume(disk.read(key).orElseThrow())).isEqualTo(bytes);
        try (Stream<Entry> contents = disk.contents()) {
            assertThat(contents.map(Entry::key).toList()).containsExactly(key);
        }
        assertThat(DiskLocation.open(root()).config()).isEqualTo(config);
        assertThatThrownBy(() -> disk.read(sha256Key(bytes))).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void contentsIgnoresWhatIsNotAKey() throws Exception {
        DiskLocation disk = DiskLocation.open(root(), DiskConfig.defaults().withTools());
        byte[] bytes = utf8("a value");
        Key key = sha256Key(bytes);
        disk.write(key, Value.of(bytes), Set.of("label"));
        Files.writeString(root().resolve("README"), "not a key");
        Files.createDirectories(root().resolve("zz"));
        Files.writeString(root().resolve("zz/" + key.hex().substring(2)), "not hex folder");
        Files.writeString(root().resolve(key.hex().substring(0, 2) + "/short"), "bad width");
        Files.writeString(root().resolve(key.hex().substring(0, 2) + "/" + key.hex().substring(2).toUpperCase()), "upper");
        Files.writeString(root().resolve(".tmp/" + key.hex() + "abcdefgh"), "a partial write");
        try (Stream<Entry> contents = disk.contents()) {
            assertThat(contents.map(Entry::key).toList()).containsExactly(key);
        }
    }

    @Test
    void openingWithADifferentConfigIsASpecError() throws Exception {
        DiskLocation.open(root());
        String before = Files.readString(root().resolve("config.yml"));
        assertThatThrownBy(() -> DiskLocation.open(root(), DiskConfig.defaults().withLevels(List.of(2, -1))))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining(root().toAbsolutePath().toString())
                .hasMessageContaining("- 2");
        assertThatThrownBy(() -> DiskLocation.open(root(), DiskConfig.defaults().withTools()))
                .isInstanceOf(LocationSpecException.class);
        assertThat(root().resolve("config.yml")).hasContent(before);
        // a new lake keeps usage marks, so Python tarn's plain default differs too; the same config is fine
        assertThatThrownBy(() -> DiskLocation.open(root(), DiskConfig.defaults()))
                .isInstanceOf(LocationSpecException.class);
        assertThat(DiskLocation.open(root(), DiskConfig.forNewLake()).config()).isEqualTo(DiskConfig.forNewLake());
        // openOrCreate takes the lake as it is
        assertThat(DiskLocation.openOrCreate(root(), DiskConfig.defaults()).config()).isEqualTo(DiskConfig.forNewLake());
    }

    @ParameterizedTest
    @ValueSource(strings = {"levels: [1, -1\n", "levels: [1, -1]\nreplicas: 3\n", "levels: [0, -1]\n", "locker: RedisLocker\n"})
    void aBadConfigFailsAtOpenAndNothingIsWritten(String text) throws Exception {
        Files.createDirectories(root());
        Files.writeString(root().resolve("config.yml"), text);
        assertThatThrownBy(() -> DiskLocation.open(root()))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining(root().toAbsolutePath().resolve("config.yml").toString());
        try (Stream<Path> list = Files.list(root())) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).containsExactly("config.yml");
        }
        assertThat(root().resolve("config.yml")).hasContent(text);
    }

    @Test
    void aFileIsNotALake() throws Exception {
        Files.writeString(root(), "I am a file");
        assertThatThrownBy(() -> DiskLocation.open(root())).hasMessageContaining(root().toAbsolutePath().toString());
    }

    @Test
    void aNewLakeGetsTheWantedConfig() throws Exception {
        DiskConfig wanted = DiskConfig.defaults().withLevels(List.of(2, -1)).withTools().withLimits(0, 1L << 30);
        DiskLocation disk = DiskLocation.open(root(), wanted);
        assertThat(disk.config()).isEqualTo(wanted);
        assertThat(root().resolve("config.yml")).hasContent(wanted.toYaml());
        assertThat(DiskLocation.open(root()).config()).isEqualTo(wanted);
        try (Stream<Path> list = Files.list(root())) {
            // no half-written config is left behind
            assertThat(list.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("config.yml", ".tmp", "tools");
        }
    }

    @Test
    void storedFilesAreReadOnlyAndFoldersTakeTheRootsMode() throws Exception {
        Path root = TestData.folder(root(), "rwxr-x---");
        DiskLocation disk = DiskLocation.open(root, DiskConfig.defaults().withLevels(List.of(1, 1, -1)));
        byte[] bytes = utf8("modes");
        Key key = sha256Key(bytes);
        Path file = disk.write(key, Value.of(bytes), Set.of()).orElseThrow().file().orElseThrow();
        // tarn: 0o444 & root permissions
        assertThat(TestData.mode(file)).isEqualTo("r--r-----");
        assertThat(TestData.mode(file.getParent())).isEqualTo("rwxr-x---");
        assertThat(TestData.mode(file.getParent().getParent())).isEqualTo("rwxr-x---");
        for (String folder : List.of(".tmp", "tools", "tools/usage", "tools/labels")) {
            assertThat(TestData.mode(root.resolve(folder))).as(folder).isEqualTo("rwxr-x---");
        }
        assertThat(Files.getAttribute(file, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void legacyFolderLayoutIsRead() throws Exception {
        // tarn before 0.x stored a value as a folder with a 'data' file inside
        DiskLocation disk = DiskLocation.open(root());
        byte[] bytes = utf8("legacy value");
        Key key = sha256Key(bytes);
        Path folder = disk.pathOf(key);
        Files.createDirectories(folder);
        Files.write(folder.resolve("data"), bytes);

        assertThat(consume(disk.read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(disk.readWhole(key)).as("read at once, through read's way").hasValue(bytes);
        assertThat(disk.read(key).orElseThrow().size()).as("the size of the data file, not of its folder").isEqualTo(bytes.length);
        assertThat(disk.contains(key)).isTrue();
        assertThat(disk.write(key, Value.of(bytes), Set.of())).isPresent();
        assertThatThrownBy(() -> disk.write(key, Value.of(utf8("other bytes!")), Set.of()))
                .isInstanceOf(CollisionException.class);
        assertThat(disk.delete(key)).isTrue();
        assertThat(folder).doesNotExist();
    }

    @Test
    void aReadValueKnowsItsSizeFromTheLookAtItsFile() throws Exception {
        DiskLocation disk = DiskLocation.open(root());
        byte[] bytes = utf8("a value of thirty-one bytes....");
        Key key = sha256Key(bytes);
        disk.write(key, Value.of(bytes), Set.of());
        Value read = disk.read(key).orElseThrow();
        // a stored file does not change: the size is the one seen when the value was found, asked of nobody after
        Files.delete(read.file().orElseThrow());

        assertThat(read.size()).isEqualTo(bytes.length);
    }
}
