package io.tarn.location.combine;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;

import static io.tarn.TestData.consume;
import static io.tarn.TestData.sha256Key;
import static io.tarn.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** Python tarn's Levels semantics, observed on real disk locations. */
class LevelsTest {
    private static final Instant LONG_AGO = Instant.parse("2001-02-03T04:05:06Z");

    @TempDir
    Path temp;

    private final byte[] bytes = utf8("a value that travels between levels");
    private final Key key = sha256Key(bytes);

    private DiskLocation disk(String name) {
        return DiskLocation.open(temp.resolve(name), DiskConfig.defaults().withTools());
    }

    /** A disk that declines every non-empty write (max_size: 0). */
    private DiskLocation full(String name) {
        return DiskLocation.open(temp.resolve(name), DiskConfig.defaults().withTools().withLimits(0, 0L));
    }

    private void put(Location location, Set<String> labels) {
        assertThat(location.write(key, Value.of(bytes), labels)).isPresent();
    }

    private Path mark(DiskLocation disk) {
        return disk.root().resolve("tools/usage").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
    }

    @Test
    void readCopiesIntoTheFirstEarlierLevelThatReplicates() {
        DiskLocation noReplicate = disk("a");
        DiskLocation replicate = disk("b");
        DiskLocation replicateToo = disk("c");
        DiskLocation bottom = disk("d");
        put(bottom, Set.of("origin"));

        Levels levels = Levels.ofLevels(
                Level.of(noReplicate).withReplicate(false),
                Level.of(replicate),
                Level.of(replicateToo),
                Level.of(bottom));

        Value value = levels.read(key).orElseThrow();
        assertThat(consume(value)).isEqualTo(bytes);
        assertThat(noReplicate.contains(key)).as("replicate=false level").isFalse();
        assertThat(replicate.contains(key)).as("first replicating level").isTrue();
        assertThat(replicateToo.contains(key)).as("only the first level that accepts gets a copy").isFalse();
        assertThat(bottom.contains(key)).isTrue();
        // the copy carries the labels of the level it came from
        assertThat(replicate.labels(key)).containsExactly("origin");
        assertThat(consume(replicate.read(key).orElseThrow())).isEqualTo(bytes);
    }

    @Test
    void theValueReturnedIsTheCopy() {
        DiskLocation top = disk("top");
        DiskLocation bottom = disk("bottom");
        put(bottom, Set.of());
        Value value = Levels.of(top, bottom).read(key).orElseThrow();
        assertThat(value.file()).contains(top.pathOf(key));
        assertThat(consume(value)).isEqualTo(bytes);
    }

    @Test
    void aLevelThatDeclinesPassesTheCopyToTheNextOne() {
        DiskLocation fullTop = full("full");
        DiskLocation second = disk("second");
        DiskLocation bottom = disk("bottom");
        put(bottom, Set.of());

        Levels levels = Levels.of(new ReadOnly(disk("readonly")), fullTop, second, bottom);
        assertThat(consume(levels.read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(fullTop.contains(key)).isFalse();
        assertThat(second.contains(key)).isTrue();
    }

    @Test
    void whenNoLevelTakesTheCopyTheOriginalIsReturned() {
        DiskLocation bottom = disk("bottom");
        put(bottom, Set.of());
        Levels levels = Levels.of(full("full"), bottom);
        Value value = levels.read(key).orElseThrow();
        assertThat(value.file()).contains(bottom.pathOf(key));
        assertThat(consume(value)).isEqualTo(bytes);
    }

    @Test
    void aHitInTheFirstLevelCopiesNothing() {
        DiskLocation top = disk("top");
        DiskLocation bottom = disk("bottom");
        put(top, Set.of());
        assertThat(consume(Levels.of(top, bottom).read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(bottom.contains(key)).isFalse();
    }

    @Test
    void levelsAfterTheHitWithTouchAreTouched() {
        DiskLocation top = disk("top");
        DiskLocation hit = disk("hit");
        DiskLocation touched = disk("touched");
        DiskLocation untouched = disk("untouched");
        for (DiskLocation d : List.of(hit, touched, untouched)) {
            put(d, Set.of());
            TestData.setMtime(mark(d), LONG_AGO);
        }
        Levels levels = Levels.ofLevels(
                Level.of(top).withReplicate(false),
                Level.of(hit),
                Level.of(touched).withTouch(true),
                Level.of(untouched).withTouch(false));
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        consume(levels.read(key).orElseThrow());

        assertThat(touched.lastUsed(key)).as("touch=true after the hit")
                .hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(start));
        assertThat(untouched.lastUsed(key)).as("touch=false after the hit").contains(LONG_AGO);
        assertThat(hit.lastUsed(key)).as("the level that was read counts as used")
                .hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(start));
        assertThat(top.contains(key)).isFalse();
    }

    @Test
    void touchTouchesEveryLevelThatHoldsTheKey() {
        DiskLocation a = disk("a");
        DiskLocation b = disk("b");
        DiskLocation c = disk("c");
        put(a, Set.of());
        put(c, Set.of());
        TestData.setMtime(mark(a), LONG_AGO);
        TestData.setMtime(mark(c), LONG_AGO);
        Levels levels = Levels.ofLevels(Level.of(a).withWrite(false), Level.of(b), Level.of(c));
        assertThat(levels.touch(key)).isTrue();
        assertThat(a.lastUsed(key)).isPresent().get().isNotEqualTo(LONG_AGO);
        assertThat(c.lastUsed(key)).isPresent().get().isNotEqualTo(LONG_AGO);
        assertThat(b.contains(key)).isFalse();
        assertThat(Levels.of(b).touch(key)).isFalse();
    }

    @Test
    void aMissInEveryLevelTouchesNothing() {
        DiskLocation a = disk("a");
        DiskLocation b = disk("b");
        Levels levels = Levels.ofLevels(Level.of(a).withTouch(true), Level.of(b).withTouch(true));
        assertThat(levels.read(key)).isEmpty();
        assertThat(levels.contains(key)).isFalse();
        assertThat(a.lastUsed(key)).isEmpty();
        assertThat(b.lastUsed(key)).isEmpty();
    }

    @Test
    void writeGoesToTheFirstWritableLevelThatAccepts() {
        DiskLocation notWritable = disk("nw");
        DiskLocation fullDisk = full("full");
        DiskLocation target = disk("target");
        DiskLocation after = disk("after");
        Levels levels = Levels.ofLevels(
                Level.of(notWritable).withWrite(false),
                Level.of(fullDisk),
                Level.of(target),
                Level.of(after));

        Optional<Value> written = levels.write(key, Value.of(bytes), Set.of("l"));
        assertThat(written).isPresent();
        assertThat(written.get().file()).contains(target.pathOf(key));
        assertThat(notWritable.contains(key)).isFalse();
        assertThat(fullDisk.contains(key)).isFalse();
        assertThat(target.contains(key)).isTrue();
        assertThat(target.labels(key)).containsExactly("l");
        assertThat(after.contains(key)).isFalse();
    }

    @Test
    void writeIsDeclinedWhenNoWritableLevelAccepts() {
        DiskLocation a = disk("a");
        Levels levels = Levels.ofLevels(Level.of(a).withWrite(false), Level.of(full("full")));
        assertThat(levels.write(key, Value.of(bytes), Set.of())).isEmpty();
        assertThat(a.contains(key)).isFalse();
    }

    @Test
    void aWriteOnlySkippedLevelStillServesReads() {
        DiskLocation readOnlyLevel = disk("ro");
        DiskLocation bottom = disk("bottom");
        put(readOnlyLevel, Set.of());
        Levels levels = Levels.ofLevels(Level.of(readOnlyLevel).withWrite(false), Level.of(bottom));
        assertThat(consume(levels.read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(bottom.contains(key)).isFalse();
    }

    @Test
    void deleteAppliesOnlyToWritableLevels() {
        DiskLocation kept = disk("kept");
        DiskLocation deleted = disk("deleted");
        DiskLocation deletedToo = disk("deleted-too");
        for (DiskLocation d : List.of(kept, deleted, deletedToo)) {
            put(d, Set.of());
        }
        Levels levels = Levels.ofLevels(Level.of(kept).withWrite(false), Level.of(deleted), Level.of(deletedToo));
        assertThat(levels.delete(key)).isTrue();
        assertThat(kept.contains(key)).isTrue();
        assertThat(deleted.contains(key)).isFalse();
        assertThat(deletedToo.contains(key)).isFalse();
        assertThat(levels.delete(key)).as("only a write=false level still has it").isFalse();
        assertThat(levels.contains(key)).isTrue();
    }

    @Test
    void contentsListsEveryLevel() {
        DiskLocation a = disk("a");
        DiskLocation b = disk("b");
        put(a, Set.of());
        put(b, Set.of());
        byte[] other = utf8("only in b");
        b.write(sha256Key(other), Value.of(other), Set.of());
        try (Stream<Entry> contents = Levels.of(a, b).contents()) {
            List<Entry> entries = contents.toList();
            assertThat(entries).extracting(Entry::key).containsExactlyInAnyOrder(key, key, sha256Key(other));
            assertThat(entries).extracting(Entry::location).containsExactlyInAnyOrder(a, b, b);
        }
    }

    @Test
    void readBatchReplicatesAndReportsMisses() {
        DiskLocation top = disk("top");
        DiskLocation bottom = disk("bottom");
        put(bottom, Set.of());
        Key missing = sha256Key(utf8("missing"));
        List<String> seen = new ArrayList<>();
        Levels.of(top, bottom).readBatch(List.of(missing, key), (k, v) -> {
            seen.add(k.hex() + "=" + v.map(TestData::readAll).map(String::new).orElse("-"));
        });
        assertThat(seen).containsExactlyInAnyOrder(key.hex() + "=" + new String(bytes), missing.hex() + "=-");
        assertThat(top.contains(key)).isTrue();
    }

    /**
     * A level that fails to take the copy (here a folder stands where the value belongs: the write throws) does not
     * fail the read: the value comes from the level below, the next earlier level gets the copy, and fetch says the
     * copy-up failed when no level took it. Issue 11: a full or read-only top failed every read of the bottom.
     */
    @Test
    void aCopyUpThatFailsNeverFailsTheRead() throws Exception {
        DiskLocation top = disk("top");
        DiskLocation middle = disk("middle");
        DiskLocation bottom = disk("bottom");
        put(bottom, Set.of());
        java.nio.file.Files.createDirectories(top.pathOf(key).resolve("in-the-way"));

        Levels levels = Levels.of(top, bottom);
        assertThat(consume(levels.read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(consume(levels.read(key).orElseThrow())).as("and again").isEqualTo(bytes);
        assertThat(new io.tarn.lake.Lake(levels).fetch(List.of(key))).containsEntry(key, io.tarn.lake.Fetched.NOT_COPIED);

        Levels three = Levels.of(top, middle, bottom);
        assertThat(consume(three.read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(middle.contains(key)).as("the next level up takes the copy").isTrue();
        assertThat(TestData.files(top.root().resolve(".tmp"))).as("nothing partial").isEmpty();
        assertThat(new io.tarn.lake.Lake(Levels.of(middle, bottom)).fetch(List.of(key)))
                .containsEntry(key, io.tarn.lake.Fetched.FOUND);
    }

    /** A level whose read fails is passed over when a lower level has the value, and its failure thrown when none has. */
    @Test
    void aLevelThatFailsToReadIsPassedOver() throws Exception {
        DiskLocation top = disk("top");
        DiskLocation bottom = disk("bottom");
        put(bottom, Set.of());
        // labels cannot be read: a labels file that is not JSON makes the copy-up fail, not the read
        put(top, Set.of("x"));
        java.nio.file.Files.writeString(top.root().resolve("tools/labels").resolve(key.hex().substring(0, 2))
                .resolve(key.hex().substring(2) + ".json"), "not json");
        assertThat(consume(Levels.of(top, bottom).read(key).orElseThrow())).isEqualTo(bytes);
    }
}
