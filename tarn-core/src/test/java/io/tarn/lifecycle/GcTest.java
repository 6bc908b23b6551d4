package io.tarn.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.VerifyOptions;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;
import io.tarn.memo.MemoEntry;
import io.tarn.memo.MemoIndex;
import io.tarn.memo.MemoSweep;

import static io.tarn.TestData.bytes;
import static io.tarn.TestData.consume;
import static io.tarn.TestData.setMtime;
import static io.tarn.TestData.sha256Key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each gc policy on real disk lakes, a dry run first. */
class GcTest {
    static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(10));

    @TempDir
    Path temp;

    static DiskLocation lake(Path root) {
        return DiskLocation.open(root, DiskConfig.defaults().withTools());
    }

    static Key put(Lake lake, int seed, Set<String> labels) {
        return lake.write(bytes(100, seed), labels);
    }

    /** Makes the value look last used long ago: its usage mark, as Python tarn's StatUsage keeps it. */
    static void age(DiskLocation disk, Key key) {
        setMtime(disk.root().resolve("tools/usage").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2)),
                LONG_AGO);
    }

    @Test
    void byAgeADryRunListsWhatWouldGoThenGcRemovesIt() {
        DiskLocation disk = lake(temp.resolve("lake"));
        Lake lake = new Lake(disk);
        List<Key> old = new ArrayList<>();
        List<Key> fresh = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Key key = put(lake, i, Set.of());
            if (i < 6) {
                age(disk, key);
                old.add(key);
            } else {
                fresh.add(key);
            }
        }
        GcReport dry = lake.gc(GcPolicy.olderThan(Duration.ofDays(1)).dryRun(true));
        assertThat(dry.removed()).isEqualTo(6);
        assertThat(dry.removedBytes()).isEqualTo(600);
        assertThat(dry.examined()).isEqualTo(10);
        assertThat(dry.removals()).extracting(GcReport.Removal::key).containsExactlyInAnyOrderElementsOf(old);
        assertThat(dry.removals()).extracting(GcReport.Removal::reason).containsOnly("age");
        assertThat(dry.toString()).contains("would remove 6 (600 bytes), kept 4 (400 bytes)");
        old.forEach(key -> assertThat(lake.contains(key)).as("dry run removes nothing").isTrue());

        GcReport report = lake.gc(GcPolicy.olderThan(Duration.ofDays(1)));
        assertThat(report.removed()).isEqualTo(6);
        assertThat(report.places()).singleElement().satisfies(place -> {
            assertThat(place.kept()).isEqualTo(4);
            assertThat(place.keptBytes()).isEqualTo(400);
        });
        old.forEach(key -> assertThat(lake.contains(key)).isFalse());
        fresh.forEach(key -> assertThat(lake.contains(key)).isTrue());
        assertThat(lake.verify(VerifyOptions.DEFAULT).corrupt()).isEmpty();
    }

    /** Where the lake keeps the key's usage mark (tarn's StatUsage). */
    static Path mark(DiskLocation disk, Key key) {
        return disk.root().resolve("tools/usage").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
    }

    @Test
    void aLakeCamelTarnCreatesKeepsUsageMarksSoReadsAndTouchesKeepValuesFromGc() {
        // issue 24: on the default lake, reads and touches recorded nothing and gc went by when values were stored
        DiskLocation disk = DiskLocation.open(temp.resolve("new"));
        Lake lake = new Lake(disk);
        List<Key> read = new ArrayList<>();
        List<Key> touched = new ArrayList<>();
        List<Key> unused = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Key key = put(lake, i, Set.of());
            setMtime(disk.pathOf(key), LONG_AGO);
            age(disk, key);
            (i % 3 == 0 ? read : i % 3 == 1 ? touched : unused).add(key);
        }
        read.forEach(key -> consume(lake.get(key)));
        touched.forEach(key -> assertThat(lake.touch(key)).isTrue());
        GcReport report = lake.gc(GcPolicy.olderThan(Duration.ofDays(1)).withGrace(Duration.ZERO));
        assertThat(report.removals()).extracting(GcReport.Removal::key).containsExactlyInAnyOrderElementsOf(unused);
        read.forEach(key -> assertThat(lake.contains(key)).as("read just before gc").isTrue());
        touched.forEach(key -> assertThat(lake.contains(key)).as("touched just before gc").isTrue());
        assertThat(disk.config().keepsUsage()).as("config.yml of a new lake").isTrue();
        assertThat(lake.recordsUse()).isTrue();
    }

    @Test
    void byAgeALakeThatRecordsNoUseIsRefusedNamingItsConfigAndTheFix() throws Exception {
        // Python tarn's default config: no usage marks, so gc by age would go by when values were stored
        DiskLocation disk = DiskLocation.open(temp.resolve("plain"), DiskConfig.defaults());
        Lake lake = new Lake(disk);
        assertThat(lake.recordsUse()).isFalse();
        Key old = put(lake, 1, Set.of());
        setMtime(disk.pathOf(old), LONG_AGO);
        for (GcPolicy policy : List.of(GcPolicy.olderThan(Duration.ofDays(1)),
                GcPolicy.olderThan(Duration.ofDays(1)).dryRun(true))) {
            assertThatThrownBy(() -> lake.gc(policy)).isInstanceOf(GcRefusedException.class)
                    .hasMessageContaining(disk.toString())
                    .hasMessageContaining("records no use")
                    .hasMessageContaining("usage: StatUsage")
                    .hasMessageContaining(disk.root().resolve("config.yml").toString());
        }
        assertThat(lake.contains(old)).as("nothing removed").isTrue();
        assertThat(lake.touch(old)).as("a touch says whether the key is there").isTrue();
        assertThat(lake.gc(GcPolicy.none()).removed()).as("gc not by age still runs").isZero();

        // the fix the message names: from then on, values go by use; one without a mark is kept and marked now
        Path config = disk.root().resolve("config.yml");
        Files.writeString(config, "levels:\n- 1\n- -1\nusage: StatUsage\n");
        DiskLocation fixed = DiskLocation.open(disk.root());
        GcReport report = new Lake(fixed).gc(GcPolicy.olderThan(Duration.ofDays(1)).withGrace(Duration.ZERO));
        assertThat(report.removed()).isZero();
        assertThat(report.places()).singleElement().extracting(GcReport.Place::marked).isEqualTo(1L);
        assertThat(fixed.contains(old)).isTrue();
    }

    @Test
    void aValueWithoutAUsageMarkIsMarkedWhenGcFirstSeesItAndGoesAtTheEarliestOlderThanAfter() throws Exception {
        DiskLocation disk = lake(temp.resolve("lake"));
        Lake lake = new Lake(disk);
        Key unmarked = put(lake, 1, Set.of());
        Key old = put(lake, 2, Set.of());
        Files.delete(mark(disk, unmarked)); // stored before marks were kept, or by a process keeping none
        setMtime(disk.pathOf(unmarked), LONG_AGO);
        age(disk, old);
        GcPolicy byAge = GcPolicy.olderThan(Duration.ofDays(1)).withGrace(Duration.ZERO);

        GcReport dry = lake.gc(byAge.dryRun(true));
        assertThat(dry.removals()).extracting(GcReport.Removal::key).containsExactly(old);
        assertThat(dry.toString()).contains("1 of them without a usage mark yet");
        assertThat(mark(disk, unmarked)).as("a dry run marks nothing").doesNotExist();

        GcReport report = lake.gc(byAge);
        assertThat(report.removals()).extracting(GcReport.Removal::key).containsExactly(old);
        assertThat(report.places()).singleElement().extracting(GcReport.Place::marked).isEqualTo(1L);
        assertThat(report.toString()).contains("1 of them had no usage mark (marked now)");
        assertThat(lake.contains(unmarked)).as("stored 10 days ago, never seen used: kept").isTrue();
        assertThat(mark(disk, unmarked)).exists();
        assertThat(lake.gc(byAge).removed()).as("marked now: not a day old").isZero();

        age(disk, unmarked); // a day and more after gc first saw it
        assertThat(lake.gc(byAge).removals()).extracting(GcReport.Removal::key).containsExactly(unmarked);
    }

    @Test
    void valuesWithALabelToKeepStay() {
        DiskLocation disk = lake(temp.resolve("lake"));
        Lake lake = new Lake(disk);
        Key keep = put(lake, 1, Set.of("release"));
        Key other = put(lake, 2, Set.of("scratch"));
        Key plain = put(lake, 3, Set.of());
        List.of(keep, other, plain).forEach(key -> age(disk, key));
        GcPolicy policy = GcPolicy.olderThan(Duration.ofDays(1)).keepingLabels("release", "pinned");
        assertThat(lake.gc(policy.dryRun(true)).removals()).extracting(GcReport.Removal::key)
                .containsExactlyInAnyOrder(other, plain);
        assertThat(lake.gc(policy).removed()).isEqualTo(2);
        assertThat(lake.contains(keep)).isTrue();
        assertThat(lake.labels(keep)).containsExactly("release");
    }

    @Test
    void gcCanBeLimitedToSomeLocations() {
        DiskLocation hot = lake(temp.resolve("ssd"));
        DiskLocation cold = lake(temp.resolve("hdd"));
        Lake top = new Lake(hot);
        Lake bottom = new Lake(cold);
        Key inHot = put(top, 1, Set.of());
        Key inCold = put(bottom, 2, Set.of());
        age(hot, inHot);
        age(cold, inCold);
        Lake lake = new Lake(Levels.ofLevels(Level.of(hot).withWrite(false).withName("cache"), Level.of(cold)));
        GcPolicy policy = GcPolicy.olderThan(Duration.ofDays(1)).onlyIn("cache");
        GcReport dry = lake.gc(policy.dryRun(true));
        assertThat(dry.places()).extracting(GcReport.Place::location).containsExactly(hot.toString());
        assertThat(lake.gc(policy).removed()).isEqualTo(1);
        assertThat(hot.contains(inHot)).isFalse();
        assertThat(cold.contains(inCold)).isTrue();
        assertThat(lake.gc(GcPolicy.olderThan(Duration.ofDays(1)).onlyIn(cold.root().toString())).removed()).isEqualTo(1);
        assertThat(cold.contains(inCold)).isFalse();
        assertThatThrownBy(() -> lake.gc(policy.onlyIn("nvme"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nvme'").hasMessageContaining("name=");
    }

    @Test
    void memoOutputsNoEntryReferencesAndEntriesWhoseOutputIsGoneGo() {
        DiskLocation disk = lake(temp.resolve("lake"));
        Lake lake = new Lake(disk);
        MemoIndex index = MemoIndex.besideLake(lake);
        Key oldOnly = put(lake, 1, Set.of());
        Key shared = put(lake, 2, Set.of());
        Key current = put(lake, 3, Set.of());
        Key gone = sha256Key(bytes(100, 4));
        Key unrelated = put(lake, 5, Set.of());
        List.of(oldOnly, shared, current, unrelated).forEach(key -> age(disk, key));
        Map<String, Key> entries = new TreeMap<>();
        entries.put("old-only", entry(index, 11, oldOnly, "parse", "code-1"));
        entries.put("old-shared", entry(index, 12, shared, "parse", "code-1"));
        entries.put("current", entry(index, 13, shared, "parse", "code-2"));
        entries.put("current-2", entry(index, 14, current, "parse", "code-2"));
        entries.put("output-gone", entry(index, 15, gone, "parse", "code-2"));
        entries.put("other-step", entry(index, 16, unrelated, "resize", "code-9"));
        entries.put("no-step", entry(index, 17, put(lake, 6, Set.of()), null, null));

        GcPolicy policy = GcPolicy.none().withGrace(Duration.ZERO)
                .withIndex(MemoSweep.of(index).keepingCurrentCode(Map.of("parse", "code-2")));
        GcReport dry = lake.gc(policy.dryRun(true));
        assertThat(dry.removals()).extracting(GcReport.Removal::key).containsExactly(oldOnly);
        assertThat(dry.removals()).extracting(GcReport.Removal::reason).containsExactly("memo-orphan");
        assertThat(dry.indexes()).singleElement().isEqualTo(new IndexSweep.IndexReport(index.toString(), 7, 1, 2, 3));
        assertThat(index.read(entries.get("old-only"))).as("dry run").isPresent();

        GcReport report = lake.gc(policy);
        assertThat(report.removed()).isEqualTo(1);
        assertThat(report.indexes().get(0).removed()).isEqualTo(3);
        assertThat(lake.contains(oldOnly)).isFalse();
        assertThat(List.of(shared, current, unrelated)).allSatisfy(key -> assertThat(lake.contains(key)).isTrue());
        for (String name : List.of("old-only", "old-shared", "output-gone")) {
            assertThat(index.read(entries.get(name))).as(name).isEmpty();
        }
        for (String name : List.of("current", "current-2", "other-step", "no-step")) {
            assertThat(index.read(entries.get(name))).as(name).isPresent();
        }
    }

    private static Key entry(MemoIndex index, int seed, Key output, String step, String code) {
        Key memoKey = sha256Key(bytes(10, seed));
        MemoEntry entry = new MemoEntry(output, "java.lang.String", "UTF-8", new TreeMap<>()).madeBy(step, code);
        assertThat(index.write(memoKey, entry)).contains(entry);
        return memoKey;
    }

    @Test
    void aMemoOutputWrittenAgainAfterGcStartedStays() {
        DiskLocation disk = lake(temp.resolve("lake"));
        Lake lake = new Lake(disk);
        MemoIndex index = MemoIndex.besideLake(lake);
        Key output = put(lake, 1, Set.of());
        age(disk, output);
        entry(index, 11, output, "parse", "code-1");
        GcPolicy policy = GcPolicy.none().withIndex(new IndexSweep() {
            @Override
            public Found mark(java.util.function.Predicate<Key> stored, Instant since) {
                Found found = MemoSweep.of(index).keepingCurrentCode(Map.of("parse", "code-2")).mark(stored, since);
                put(lake, 1, Set.of()); // new code writes the same output while gc runs
                return found;
            }
        });
        GcReport report = lake.gc(policy);
        assertThat(report.indexes().get(0).oldCode()).isEqualTo(1);
        assertThat(report.removed()).isZero();
        assertThat(lake.contains(output)).isTrue();
    }

    @Test
    void aReadOnlyLocationIsNeverCollected() {
        DiskLocation disk = lake(temp.resolve("lake"));
        Key key = put(new Lake(disk), 1, Set.of());
        age(disk, key);
        Location tree = new io.tarn.location.combine.ReadOnly(disk);
        GcReport report = new Lake(tree).gc(GcPolicy.olderThan(Duration.ZERO));
        assertThat(report.places()).isEmpty();
        assertThat(report.skipped()).singleElement().asString().contains("read-only");
        assertThat(disk.contains(key)).isTrue();
    }
}
