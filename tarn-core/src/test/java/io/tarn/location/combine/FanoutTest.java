package io.tarn.location.combine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

/** Python tarn's Fanout: fill-first writes, first-hit reads, delete everywhere. */
class FanoutTest {
    @TempDir
    Path temp;

    private DiskLocation disk(String name, Long maxSize) {
        return DiskLocation.open(temp.resolve(name), DiskConfig.defaults().withLimits(0, maxSize));
    }

    @Test
    void fillsTheFirstMemberUntilItIsFullThenTheNext() {
        DiskLocation first = disk("first", 250L);
        DiskLocation second = disk("second", 250L);
        DiskLocation third = disk("third", null);
        Fanout fanout = Fanout.of(first, second, third);

        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] bytes = TestData.bytes(100, i);
            Key key = sha256Key(bytes);
            keys.add(key);
            Optional<Value> written = fanout.write(key, Value.of(bytes), Set.of());
            assertThat(written).isPresent();
            assertThat(consume(written.get())).isEqualTo(bytes);
        }
        // 250 bytes hold two values of 100: first gets 0,1; second 2,3; third the rest
        assertThat(keys.subList(0, 2)).allMatch(first::contains);
        assertThat(keys.subList(2, 4)).allMatch(second::contains);
        assertThat(keys.subList(4, 6)).allMatch(third::contains);
        assertThat(keys.subList(2, 6)).noneMatch(first::contains);
        assertThat(keys.subList(0, 2)).noneMatch(second::contains);
        assertThat(keys.subList(0, 4)).noneMatch(third::contains);

        // every key reads back through the fanout
        for (int i = 0; i < keys.size(); i++) {
            assertThat(consume(fanout.read(keys.get(i)).orElseThrow())).isEqualTo(TestData.bytes(100, i));
        }
        try (Stream<Entry> contents = fanout.contents()) {
            assertThat(contents.map(Entry::key).toList()).containsExactlyInAnyOrderElementsOf(keys);
        }
    }

    @Test
    void aWriteIsDeclinedWhenEveryMemberDeclines() {
        Fanout fanout = Fanout.of(disk("a", 0L), new ReadOnly(disk("b", null)));
        byte[] bytes = utf8("no room");
        assertThat(fanout.write(sha256Key(bytes), Value.of(bytes), Set.of())).isEmpty();
    }

    @Test
    void writeFillsTheFirstMemberEvenWhenALaterOneHoldsTheKey() {
        // fill-first does not look for the key elsewhere first: that is tarn's behaviour too
        DiskLocation first = disk("first", null);
        DiskLocation second = disk("second", null);
        byte[] bytes = utf8("stored in the second member");
        Key key = sha256Key(bytes);
        second.write(key, Value.of(bytes), Set.of());
        Fanout fanout = Fanout.of(first, second);
        assertThat(fanout.write(key, Value.of(bytes), Set.of())).isPresent();
        assertThat(first.contains(key)).isTrue();
    }

    @Test
    void readReturnsTheFirstHit() {
        DiskLocation first = disk("first", null);
        DiskLocation second = disk("second", null);
        DiskLocation third = disk("third", null);
        byte[] bytes = utf8("in two members");
        Key key = sha256Key(bytes);
        second.write(key, Value.of(bytes), Set.of());
        third.write(key, Value.of(bytes), Set.of());

        Fanout fanout = Fanout.of(first, second, third);
        Value value = fanout.read(key).orElseThrow();
        assertThat(value.file()).contains(second.pathOf(key));
        assertThat(consume(value)).isEqualTo(bytes);
        // reads copy nothing
        assertThat(first.contains(key)).isFalse();
        assertThat(fanout.contains(key)).isTrue();
        assertThat(fanout.read(sha256Key(utf8("absent")))).isEmpty();
    }

    @Test
    void deleteDeletesEverywhere() {
        DiskLocation first = disk("first", null);
        DiskLocation second = disk("second", null);
        DiskLocation third = disk("third", null);
        byte[] bytes = utf8("everywhere");
        Key key = sha256Key(bytes);
        first.write(key, Value.of(bytes), Set.of());
        third.write(key, Value.of(bytes), Set.of());

        Fanout fanout = Fanout.of(first, second, third);
        assertThat(fanout.delete(key)).isTrue();
        assertThat(first.contains(key)).isFalse();
        assertThat(third.contains(key)).isFalse();
        assertThat(fanout.contains(key)).isFalse();
        assertThat(fanout.delete(key)).isFalse();
    }

    @Test
    void touchReachesEveryMemberThatHoldsTheKey() {
        DiskLocation first = DiskLocation.open(temp.resolve("first"), DiskConfig.defaults().withTools());
        DiskLocation second = DiskLocation.open(temp.resolve("second"), DiskConfig.defaults().withTools());
        byte[] bytes = utf8("touch me");
        Key key = sha256Key(bytes);
        second.write(key, Value.of(bytes), Set.of());
        java.time.Instant old = java.time.Instant.parse("2001-01-01T00:00:00Z");
        TestData.setMtime(second.root().resolve("tools/usage/" + key.hex().substring(0, 2) + "/" + key.hex().substring(2)), old);
        assertThat(Fanout.of(first, second).touch(key)).isTrue();
        assertThat(second.lastUsed(key)).isPresent().get().isNotEqualTo(old);
        assertThat(Fanout.of(first).touch(key)).isFalse();
    }

    @Test
    void readBatchTakesEachKeyFromTheFirstMemberThatHasIt() {
        DiskLocation first = disk("first", null);
        DiskLocation second = disk("second", null);
        byte[] a = utf8("a");
        byte[] b = utf8("b");
        first.write(sha256Key(a), Value.of(a), Set.of());
        second.write(sha256Key(b), Value.of(b), Set.of());
        Key missing = sha256Key(utf8("c"));
        List<String> seen = new ArrayList<>();
        Fanout.of(first, second).readBatch(List.of(sha256Key(a), sha256Key(b), missing),
                (k, v) -> seen.add(k.hex() + "=" + v.map(TestData::readAll).map(String::new).orElse("-")));
        assertThat(seen).containsExactlyInAnyOrder(sha256Key(a).hex() + "=a", sha256Key(b).hex() + "=b",
                missing.hex() + "=-");
        assertThat(first.contains(sha256Key(b))).as("fanout reads copy nothing").isFalse();
    }
}
