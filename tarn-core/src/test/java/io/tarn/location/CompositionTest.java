package io.tarn.location;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationSpecException;
import io.tarn.Value;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.combine.Fanout;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.combine.ReadOnly;
import io.tarn.location.combine.Small;
import io.tarn.location.disk.DiskLocation;

import static io.tarn.TestData.consume;
import static io.tarn.TestData.sha256Key;
import static io.tarn.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Combinators nest: levels(fanout(levels(a1, a2), b), c) mirrors as tarn's would. */
class CompositionTest {
    @TempDir
    Path temp;

    private final byte[] bytes = utf8("nested value");
    private final Key key = sha256Key(bytes);

    private DiskLocation disk(String name) {
        return DiskLocation.open(temp.resolve(name));
    }

    private DiskLocation full(String name) {
        return DiskLocation.open(temp.resolve(name), DiskConfig.defaults().withLimits(0, 0L));
    }

    private Location nested(Location a1, Location a2, Location b, Location c) {
        return Levels.of(Fanout.of(Levels.of(a1, a2), b), c);
    }

    private void put(Location location) {
        assertThat(location.write(key, Value.of(bytes), Set.of())).isPresent();
    }

    DiskLocation a1;
    DiskLocation a2;
    DiskLocation b;
    DiskLocation c;

    @BeforeEach
    void members() {
        a1 = disk("a1");
        a2 = disk("a2");
        b = disk("b");
        c = disk("c");
    }

    private String where() {
        StringBuilder out = new StringBuilder();
        for (DiskLocation d : List.of(a1, a2, b, c)) {
            out.append(d.contains(key) ? "1" : "0");
        }
        return out.toString();
    }

    @Test
    void aHitAtTheBottomIsCopiedIntoTheFirstLevelOfTheFirstFanoutMember() {
        put(c);
        assertThat(consume(nested(a1, a2, b, c).read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(where()).isEqualTo("1001");
    }

    @Test
    void whenTheInnerTopIsFullTheCopyGoesToTheInnerSecondLevel() {
        a1 = full("a1-full");
        put(c);
        assertThat(consume(nested(a1, a2, b, c).read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(where()).isEqualTo("0101");
    }

    @Test
    void whenTheWholeInnerLevelsIsFullTheCopyGoesToTheNextFanoutMember() {
        a1 = full("a1-full");
        a2 = full("a2-full");
        put(c);
        assertThat(consume(nested(a1, a2, b, c).read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(where()).isEqualTo("0011");
    }

    @Test
    void aHitInTheInnerSecondLevelIsCopiedIntoTheInnerTop() {
        put(a2);
        assertThat(consume(nested(a1, a2, b, c).read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(where()).isEqualTo("1100");
    }

    @Test
    void aHitInASecondFanoutMemberIsNotCopied() {
        put(b);
        assertThat(consume(nested(a1, a2, b, c).read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(where()).isEqualTo("0010");
    }

    @Test
    void writeAndDeleteGoThroughEveryLayer() {
        Location lake = nested(a1, a2, b, c);
        put(lake);
        assertThat(where()).isEqualTo("1000");
        put(a2);
        put(b);
        put(c);
        assertThat(where()).isEqualTo("1111");
        try (Stream<Entry> contents = lake.contents()) {
            assertThat(contents.map(Entry::location).toList()).containsExactlyInAnyOrder(a1, a2, b, c);
        }
        assertThat(lake.delete(key)).isTrue();
        assertThat(where()).isEqualTo("0000");
        assertThat(lake.read(key)).isEmpty();
    }

    @Test
    void aLakeOverTheNestedTreeSpoolsIntoTheFirstDiskThatTakesWrites() {
        Lake lake = new Lake(nested(new ReadOnly(a1), a2, b, c));
        assertThat(lake.spoolFolders()).first().isEqualTo(a2.tmpFolder());
        Key written = lake.write(bytes);
        assertThat(written).isEqualTo(key);
        assertThat(where()).isEqualTo("0100");
        // the read-only level above takes no copy
        assertThat(lake.fetch(List.of(key))).containsEntry(key, io.tarn.lake.Fetched.NOT_COPIED);
    }

    @Test
    void mixingHashAlgorithmsIsASpecError() {
        DiskLocation sha256 = DiskLocation.open(temp.resolve("sha256"), DiskConfig.defaults().withHash(HashAlgorithm.SHA256));
        DiskLocation sha512 = DiskLocation.open(temp.resolve("sha512"),
                DiskConfig.parse("hash: sha512\n", "sha512 config"));
        assertThatThrownBy(() -> Levels.of(sha256, sha512))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("sha256")
                .hasMessageContaining("sha512");
        assertThatThrownBy(() -> Fanout.of(sha256, sha512)).isInstanceOf(LocationSpecException.class);
        assertThatThrownBy(() -> Levels.of(Fanout.of(new ReadOnly(sha256)), new Small(sha512, 100)))
                .isInstanceOf(LocationSpecException.class);
        assertThatThrownBy(() -> Levels.ofLevels(Level.of(sha512).withWrite(false), Level.of(Levels.of(sha256))))
                .isInstanceOf(LocationSpecException.class);

        // one algorithm, or locations that do not care, combine fine, and the combinator reports it
        assertThat(Levels.of(sha512, Fanout.of(new ReadOnly(sha512))).algorithm()).contains(HashAlgorithm.byName("sha512"));
        assertThat(Levels.of(sha256, disk("plain")).algorithm()).contains(HashAlgorithm.SHA256);
        assertThat(Fanout.of(disk("plain2")).algorithm()).isEmpty();
    }

    @Test
    void aCombinatorNeedsMembers() {
        assertThatThrownBy(() -> Levels.of()).isInstanceOf(LocationSpecException.class);
        assertThatThrownBy(() -> Fanout.of()).isInstanceOf(LocationSpecException.class);
    }
}
