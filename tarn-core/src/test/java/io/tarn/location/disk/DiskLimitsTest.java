package io.tarn.location.disk;

import static io.tarn.TestData.files;
import static io.tarn.TestData.sha256Key;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** free_disk_size and max_size make a full disk location decline writes instead of failing. */
class DiskLimitsTest {
    @TempDir
    Path temp;

    private DiskLocation open(String configYml) throws Exception {
        Path root = temp.resolve("lake");
        Files.createDirectories(root);
        Files.writeString(root.resolve("config.yml"), configYml);
        return DiskLocation.open(root);
    }

    @Test
    void freeDiskSizeLargerThanTheDiskDeclinesEveryWrite() throws Exception {
        DiskLocation disk = open("free_disk_size: 1000P\n");
        assertThat(disk.config().freeDiskSize()).isEqualTo(1_000_000_000_000_000_000L);
        for (byte[] bytes : new byte[][]{new byte[0], TestData.utf8("x"), TestData.bytes(100_000, 3)}) {
            Key key = sha256Key(bytes);
            assertThat(disk.write(key, Value.of(bytes), Set.of())).isEmpty();
            assertThat(disk.contains(key)).isFalse();
        }
        assertThat(files(disk.root())).containsExactly("config.yml", UseLocks.FILE);
    }

    @Test
    void aSmallFreeDiskSizeAcceptsWrites() throws Exception {
        DiskLocation disk = open("free_disk_size: 1K\n");
        byte[] bytes = TestData.utf8("fits");
        assertThat(disk.write(sha256Key(bytes), Value.of(bytes), Set.of())).isPresent();
    }

    @Test
    void maxSizeDeclinesOnceTheLakeWouldExceedIt() throws Exception {
        DiskLocation disk = open("max_size: 100\n");
        byte[] first = TestData.bytes(60, 1);
        byte[] second = TestData.bytes(60, 2);
        byte[] third = TestData.bytes(40, 3);

        assertThat(disk.write(sha256Key(first), Value.of(first), Set.of())).isPresent();
        assertThat(disk.write(sha256Key(second), Value.of(second), Set.of())).isEmpty();
        assertThat(disk.write(sha256Key(second), TestData.unknownSize(second), Set.of()))
                .as("a value of unknown size when the lake already holds 60 of 100 bytes").isPresent();
        assertThat(disk.delete(sha256Key(second))).isTrue();
        assertThat(disk.contains(sha256Key(second))).isFalse();
        assertThat(disk.write(sha256Key(third), Value.of(third), Set.of())).isPresent();
        assertThat(disk.usedBytes()).isEqualTo(100);

        // full: a new key is declined, but a key that is already stored is still "written"
        assertThat(disk.write(sha256Key(second), Value.of(second), Set.of())).isEmpty();
        assertThat(disk.write(sha256Key(first), Value.of(first), Set.of())).isPresent();

        // deleting frees the room
        assertThat(disk.delete(sha256Key(first))).isTrue();
        assertThat(disk.usedBytes()).isEqualTo(40);
        assertThat(disk.write(sha256Key(second), Value.of(second), Set.of())).isPresent();

        assertThat(files(disk.root().resolve(".tmp"))).isEmpty();
    }

    @Test
    void maxSizeCountsWhatIsAlreadyStoredWhenTheLakeIsOpened() throws Exception {
        DiskLocation first = open("max_size: 100\n");
        byte[] bytes = TestData.bytes(90, 4);
        first.write(sha256Key(bytes), Value.of(bytes), Set.of());

        DiskLocation reopened = DiskLocation.open(first.root());
        assertThat(reopened.usedBytes()).isEqualTo(90);
        byte[] more = TestData.bytes(20, 5);
        assertThat(reopened.write(sha256Key(more), Value.of(more), Set.of())).isEmpty();
        byte[] little = TestData.bytes(10, 6);
        assertThat(reopened.write(sha256Key(little), Value.of(little), Set.of())).isPresent();
    }

    @Test
    void maxSizeZeroOnlyTakesEmptyValues() throws Exception {
        DiskLocation disk = open("max_size: 0\n");
        byte[] one = {1};
        assertThat(disk.write(sha256Key(one), Value.of(one), Set.of())).isEmpty();
        assertThat(disk.write(sha256Key(new byte[0]), Value.of(new byte[0]), Set.of())).isPresent();
    }
}
