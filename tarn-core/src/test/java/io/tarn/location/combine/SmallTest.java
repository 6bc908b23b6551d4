package io.tarn.location.combine;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.location.disk.DiskLocation;

import static io.tarn.TestData.consume;
import static io.tarn.TestData.sha256Key;
import static io.tarn.TestData.unknownSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Python tarn's Small: declines empty values and values above maxSize, passes the rest. */
class SmallTest {
    @TempDir
    Path temp;

    private DiskLocation disk;
    private Small small;

    private void open(long maxSize) {
        disk = DiskLocation.open(temp.resolve("lake"));
        small = new Small(disk, maxSize);
    }

    private Optional<Value> write(byte[] bytes, boolean knownSize) {
        Key key = sha256Key(bytes);
        return small.write(key, knownSize ? Value.of(bytes) : unknownSize(bytes), Set.of());
    }

    @Test
    void declinesEmptyValues() {
        open(100);
        for (boolean known : new boolean[]{true, false}) {
            assertThat(write(new byte[0], known)).as("known size: %s", known).isEmpty();
        }
        assertThat(disk.contains(sha256Key(new byte[0]))).isFalse();
    }

    @Test
    void declinesValuesAboveMaxSize() {
        open(100);
        for (boolean known : new boolean[]{true, false}) {
            for (int size : new int[]{101, 102, 5000, 100_000}) {
                byte[] bytes = TestData.bytes(size, size);
                assertThat(write(bytes, known)).as("size %d, known size: %s", size, known).isEmpty();
                assertThat(disk.contains(sha256Key(bytes))).isFalse();
            }
        }
    }

    @Test
    void passesValuesUpToMaxSize() {
        open(100);
        int seed = 0;
        for (boolean known : new boolean[]{true, false}) {
            for (int size : new int[]{1, 50, 99, 100}) {
                byte[] bytes = TestData.bytes(size, 1000 + seed++);
                Optional<Value> written = write(bytes, known);
                assertThat(written).as("size %d, known size: %s", size, known).isPresent();
                assertThat(consume(written.get())).isEqualTo(bytes);
                assertThat(consume(disk.read(sha256Key(bytes)).orElseThrow())).isEqualTo(bytes);
            }
        }
    }

    @Test
    void readsAndEverythingElsePassThrough() {
        open(10);
        byte[] big = TestData.bytes(1000, 1);
        Key key = sha256Key(big);
        disk.write(key, Value.of(big), Set.of());
        // Small only limits writes: a big value already below it is read, touched and deleted
        assertThat(consume(small.read(key).orElseThrow())).isEqualTo(big);
        assertThat(small.contains(key)).isTrue();
        assertThat(small.touch(key)).isTrue();
        assertThat(small.inner()).isSameAs(disk);
        assertThat(small.maxSize()).isEqualTo(10);
        assertThat(small.toString()).isEqualTo("small(" + disk + ", 10)");
        assertThat(small.delete(key)).isTrue();
        assertThat(disk.contains(key)).isFalse();
    }

    @Test
    void maxSizeMustBePositive() {
        DiskLocation d = DiskLocation.open(temp.resolve("lake"));
        assertThatThrownBy(() -> new Small(d, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Small(d, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
