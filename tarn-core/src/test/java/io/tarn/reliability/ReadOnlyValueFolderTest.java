package io.tarn.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.WriteDeclinedException;
import io.tarn.lake.Lake;
import io.tarn.location.combine.Fanout;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One value folder of a lake on a read-only mount of its own (an operator froze part of a lake): a write there says
 * the folder is on a read-only file system, and a fanout puts the value in its next member. Issue 11: the .tmp/ and
 * the folder being different mounts, the error was AtomicMoveNotSupportedException ... cross-device link.
 */
class ReadOnlyValueFolderTest {
    @TempDir
    Path temp;

    @Test
    void aValueFolderOnAReadOnlyMountDeclinesSayingSo() throws Exception {
        byte[] bytes = "frozen folder".getBytes(StandardCharsets.UTF_8);
        Key key = TestData.sha256Key(bytes);
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"));
        Path folder = Files.createDirectories(disk.pathOf(key).getParent());
        try (Mounts mounts = new Mounts()) {
            mounts.readOnlyBind(folder, folder);

            assertThatThrownBy(() -> new Lake(disk).write(bytes))
                    .isInstanceOf(WriteDeclinedException.class)
                    .hasMessageContaining(disk + ": the folder " + folder + " is on a read-only file system")
                    .hasMessageNotContaining("cross-device");
            assertThat(TestData.files(disk.tmpFolder())).as("nothing partial").isEmpty();

            DiskLocation next = DiskLocation.open(temp.resolve("next"));
            assertThat(new Lake(Fanout.of(disk, next)).write(bytes)).isEqualTo(key);
            assertThat(next.contains(key)).isTrue();
            assertThat(TestData.files(disk.tmpFolder())).isEmpty();
        }
    }
}
