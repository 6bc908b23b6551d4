package io.tarn.location.combine;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.format.DiskConfig;
import io.tarn.location.Entry;
import io.tarn.location.disk.DiskLocation;

import static io.tarn.TestData.consume;
import static io.tarn.TestData.sha256Key;
import static io.tarn.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** Python tarn's ReadOnly: reads through; never writes, deletes or touches. */
class ReadOnlyTest {
    @TempDir
    Path temp;

    @Test
    void declinesWritesAndDeletesNothing() {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"), DiskConfig.defaults().withTools());
        ReadOnly readOnly = new ReadOnly(disk);
        byte[] stored = utf8("already there");
        Key key = sha256Key(stored);
        disk.write(key, Value.of(stored), Set.of("kept"));
        java.time.Instant old = java.time.Instant.parse("2001-01-01T00:00:00Z");
        Path mark = disk.root().resolve("tools/usage/" + key.hex().substring(0, 2) + "/" + key.hex().substring(2));
        TestData.setMtime(mark, old);

        byte[] fresh = utf8("new value");
        assertThat(readOnly.write(sha256Key(fresh), Value.of(fresh), Set.of())).isEmpty();
        assertThat(disk.contains(sha256Key(fresh))).isFalse();
        assertThat(readOnly.write(key, Value.of(stored), Set.of("new label"))).isEmpty();
        assertThat(disk.labels(key)).containsExactly("kept");

        assertThat(readOnly.delete(key)).isFalse();
        assertThat(disk.contains(key)).isTrue();
        assertThat(readOnly.touch(key)).isFalse();
        assertThat(disk.lastUsed(key)).contains(old);

        assertThat(TestData.files(disk.root().resolve(".tmp"))).isEmpty();
    }

    @Test
    void readsThrough() {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"), DiskConfig.defaults().withTools());
        ReadOnly readOnly = new ReadOnly(disk);
        byte[] stored = utf8("readable");
        Key key = sha256Key(stored);
        disk.write(key, Value.of(stored), Set.of("x"));

        assertThat(consume(readOnly.read(key).orElseThrow())).isEqualTo(stored);
        assertThat(readOnly.contains(key)).isTrue();
        assertThat(readOnly.labels(key)).containsExactly("x");
        assertThat(readOnly.lastUsed(key)).isPresent();
        assertThat(readOnly.read(sha256Key(utf8("missing")))).isEmpty();
        try (Stream<Entry> contents = readOnly.contents()) {
            assertThat(contents.map(Entry::key).toList()).containsExactly(key);
        }
        assertThat(readOnly.inner()).isSameAs(disk);
        assertThat(readOnly.algorithm()).isEqualTo(disk.algorithm());
    }

    @Test
    void aReadOnlyLevelIsNotReplicatedInto() {
        DiskLocation top = DiskLocation.open(temp.resolve("top"));
        DiskLocation bottom = DiskLocation.open(temp.resolve("bottom"));
        byte[] bytes = utf8("stays below");
        Key key = sha256Key(bytes);
        bottom.write(key, Value.of(bytes), Set.of());
        assertThat(consume(Levels.of(new ReadOnly(top), bottom).read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(top.contains(key)).isFalse();
    }
}
