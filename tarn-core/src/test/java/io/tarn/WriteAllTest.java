package io.tarn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.VerifyReport;
import io.tarn.location.combine.ReadOnly;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Lake#writeAll}: many values from several threads, keys in order, each stored once and whole. */
class WriteAllTest {
    @TempDir
    Path temp;

    @Test
    void storesEveryValueAndGivesTheKeysInOrder() throws IOException {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // every tenth value repeats an earlier one: two threads may store the same key at once
            values.add(("value " + (i % 10 == 9 ? i - 9 : i)).getBytes(StandardCharsets.UTF_8));
        }
        // one more too large to be hashed in memory: it goes through the spool
        values.add(TestData.bytes(Lake.DEFAULT_MEMORY_LIMIT * 3, 3));
        try (Lake lake = new Lake(DiskLocation.open(temp.resolve("lake"), DiskConfig.defaults().withTools()))) {
            List<Key> keys = lake.writeAll(values, Set.of("batch"), 4);

            assertThat(keys).hasSize(values.size());
            for (int i = 0; i < values.size(); i++) {
                assertThat(keys.get(i)).isEqualTo(TestData.sha256Key(values.get(i)));
                try (InputStream in = lake.get(keys.get(i)).open()) {
                    assertThat(Arrays.equals(in.readAllBytes(), values.get(i))).as("value %d", i).isTrue();
                }
            }
            try (Stream<?> stored = lake.contents()) {
                assertThat(stored.count()).isEqualTo(1_801);
            }
            assertThat(lake.labels(keys.get(0))).containsExactly("batch");
            VerifyReport report = lake.verify(true);
            assertThat(report.corrupt()).isEmpty();
            assertThat(report.checked()).isEqualTo(1_801);
        }
    }

    @Test
    void aDeclinedWriteFailsTheBatchNamingTheKey() {
        Lake lake = new Lake(new ReadOnly(DiskLocation.open(temp.resolve("lake"))));
        List<byte[]> values = List.of("a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8),
                "c".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> lake.writeAll(values, Set.of(), 3))
                .isInstanceOf(WriteDeclinedException.class)
                .hasMessageContaining("read-only");
    }

    @Test
    void badArgumentsAreNamed() {
        Lake lake = Lake.open(temp.resolve("lake"));
        List<byte[]> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> lake.writeAll(withNull, Set.of(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Value 0 of writeAll is null");
        assertThatThrownBy(() -> lake.writeAll(List.of(), Set.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one thread");
        assertThat(lake.writeAll(List.of(), Set.of(), 4)).isEmpty();
        try (Stream<?> stored = lake.contents()) {
            assertThat(stored.count()).isZero();
        }
    }
}
