package io.tarn.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.combine.Fanout;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.eviction.Capacity;

import static io.tarn.TestData.consume;
import static io.tarn.lifecycle.GcTest.age;
import static io.tarn.lifecycle.GcTest.lake;
import static io.tarn.lifecycle.GcTest.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * gc by age over levels: a value used through any level within olderThan is kept in every level (its last use is its
 * newest mark over the tree), and a level that records no use may not hide uses from a level gc sweeps.
 */
class GcLevelsTest {
    private static final GcPolicy BY_AGE = GcPolicy.olderThan(Duration.ofDays(1)).withGrace(Duration.ZERO);

    @TempDir
    Path temp;

    private DiskLocation cache;
    private DiskLocation store;
    private Lake tree;
    private final List<Key> keys = new ArrayList<>();

    /** {@code levels(level(cache, write=false), store)}, six values in both, every mark ten days old. */
    @BeforeEach
    void sixOldValuesInBothLevels() {
        cache = lake(temp.resolve("cache"));
        store = lake(temp.resolve("store"));
        tree = new Lake(Levels.ofLevels(Level.of(cache).withWrite(false).withName("cache"), Level.of(store)));
        for (int i = 0; i < 6; i++) {
            Key key = put(tree, i, Set.of());
            consume(tree.get(key)); // copied up into the cache
            keys.add(key);
        }
        keys.forEach(key -> {
            assertThat(cache.contains(key)).isTrue();
            age(cache, key);
            age(store, key);
        });
    }

    @Test
    void aValueReadFromTheCacheIsKeptInTheStore() {
        // issue 24: the reads the cache serves never marked the store, so gc pruned the copy of the hottest values
        Key hot = keys.get(0);
        consume(tree.get(hot)); // a hit in the cache: its mark there is new, the store's stays ten days old
        GcReport report = tree.gc(BY_AGE);
        assertThat(store.contains(hot)).as("the authoritative copy of a value read just now").isTrue();
        assertThat(cache.contains(hot)).isTrue();
        for (Key cold : keys.subList(1, 6)) {
            assertThat(cache.contains(cold)).isFalse();
            assertThat(store.contains(cold)).isFalse();
        }
        assertThat(report.removed()).isEqualTo(10);
    }

    @Test
    void aValueUsedInALowerLevelIsKeptInTheCache() {
        Key used = keys.get(1);
        assertThat(store.touch(used)).isTrue(); // another tree, or a Python reader, used the store's copy
        tree.gc(BY_AGE);
        assertThat(cache.contains(used)).as("used within olderThan through another level").isTrue();
        assertThat(store.contains(used)).isTrue();
    }

    /**
     * The model's shrunk case (issue 24), on {@code levels(level(A, write=false, capacityValues=2), B)}: a value read
     * from the bounded level, whose copy a batch then evicts, keeps its store copy. The read marked only the level's
     * copy; without carrying that use below at eviction, the mark went with the copy and gc removed the store's.
     */
    @Test
    void aValueReadFromABoundedLevelKeepsItsStoreCopyOnceItsCopyIsEvicted() {
        DiskLocation small = lake(temp.resolve("small"));
        Levels bounded = Levels.ofLevels(Level.of(small).withWrite(false).withCapacity(Capacity.ofValues(2)),
                Level.of(store));
        Lake smallTree = new Lake(bounded);
        for (Key key : keys.subList(0, 2)) {
            consume(smallTree.get(key)); // copied up
            age(small, key);
            age(store, key);
        }
        Key hot = keys.get(1);
        consume(smallTree.get(hot)); // a hit in the bounded level: only its copy is marked
        consume(smallTree.get(keys.get(3))); // copied up: a batch evicts down to the low watermark
        assertThat(small.contains(hot)).as("the hot value's copy was evicted (else this test proves nothing)").isFalse();
        smallTree.gc(BY_AGE);
        assertThat(store.contains(hot)).as("the store's copy of a value read just now").isTrue();
        assertThat(store.contains(keys.get(3))).isTrue();
        assertThat(store.contains(keys.get(0))).as("unused for ten days").isFalse();
    }

    @Test
    void gcLimitedToTheStoreStillSeesUsesInTheCache() {
        Key hot = keys.get(2);
        consume(tree.get(hot));
        GcReport report = tree.gc(BY_AGE.onlyIn(store.root().toString()));
        assertThat(store.contains(hot)).isTrue();
        assertThat(cache.contains(hot)).isTrue();
        assertThat(store.contains(keys.get(3))).isFalse();
        assertThat(cache.contains(keys.get(3))).as("not swept, but a copy goes with the value it copies").isFalse();
        assertThat(report.places()).extracting(GcReport.Place::location, GcReport.Place::removed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(store.toString(), 5L),
                                 org.assertj.core.groups.Tuple.tuple(cache.toString(), 5L));
        assertThat(report.removals()).filteredOn(removal -> removal.location().equals(cache.toString())).hasSize(5);
    }

    @Test
    void aLevelThatRecordsNoUseReadBeforeASweptLevelIsRefusedNamingBoth() {
        DiskLocation plain = DiskLocation.open(temp.resolve("plain-cache"), DiskConfig.defaults());
        Lake hidden = new Lake(Levels.ofLevels(Level.of(plain).withWrite(false), Level.of(store).withTouch(true)));
        for (GcPolicy policy : List.of(BY_AGE, BY_AGE.onlyIn(store.root().toString()))) {
            assertThatThrownBy(() -> hidden.gc(policy)).isInstanceOf(GcRefusedException.class)
                    .hasMessageContaining(plain + " records no use of its values, and is read before " + store)
                    .hasMessageContaining(plain.root().resolve("config.yml").toString());
        }
        // the same in a fanout: a member read before another hides uses of what both hold
        Lake fanout = new Lake(Fanout.of(plain, store));
        assertThatThrownBy(() -> fanout.gc(BY_AGE.onlyIn(store.root().toString())))
                .isInstanceOf(GcRefusedException.class).hasMessageContaining("is read before " + store);
        keys.forEach(key -> assertThat(store.contains(key)).as("nothing removed").isTrue());

        // read after the swept level, it hides nothing there
        Lake below = new Lake(Levels.ofLevels(Level.of(store), Level.of(plain).withWrite(false)));
        assertThat(below.gc(BY_AGE.onlyIn(store.root().toString())).removed()).isEqualTo(6);
    }
}
