package io.tarn.location.metrics;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.CorruptionException;
import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.lake.Lake;
import io.tarn.location.Entry;
import io.tarn.location.Location;
import io.tarn.location.LocationEvents;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.combine.ReadOnly;
import io.tarn.location.combine.Small;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.eviction.Capacity;
import io.tarn.location.eviction.Evictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The meters of a tree count, per node, exactly what a scripted workload does there, and change no answer. */
class MeteredTest {
    @TempDir
    Path temp;

    private static Map<String, LocationStats> byPlace(Lake lake) {
        return lake.meters().stream().collect(Collectors.toMap(Metered::place, Metered::stats));
    }

    @Test
    void eachNodeIsNamedByItsPlaceAndTheTreeReadsAsBefore() {
        Levels tree = Levels.of(new Small(DiskLocation.open(temp.resolve("ssd")), 1000), new ReadOnly(
                DiskLocation.open(temp.resolve("hdd"))));
        Lake lake = new Lake(tree).metered();

        assertThat(lake.meters()).extracting(Metered::place).containsExactly("levels", "levels[0]:small",
                "levels[0]:small:disk", "levels[1]:readonly", "levels[1]:readonly:disk");
        assertThat(lake.meters()).extracting(Metered::leaf).containsExactly(false, false, true, false, true);
        assertThat(lake.location()).as("the tree as given").isSameAs(tree);
        assertThat(lake.toString()).isEqualTo(new Lake(tree).toString());
        assertThat(lake.metered().meters()).as("metered once").hasSize(5);
        assertThat(new Lake(tree).meters()).isEmpty();
    }

    @Test
    void readsWritesBytesAndCopyUpsPerLevel() throws Exception {
        DiskLocation ssd = DiskLocation.open(temp.resolve("ssd"));
        DiskLocation hdd = DiskLocation.open(temp.resolve("hdd"));
        Lake lake = new Lake(Levels.of(new Small(ssd, 1000), hdd)).metered();
        byte[] small = TestData.bytes(600, 1);
        byte[] large = TestData.bytes(5000, 2);

        Key smallKey = lake.write(small);
        Key largeKey = lake.write(large);
        try (Value value = lake.get(largeKey)) {
            assertThat(TestData.readAll(value)).isEqualTo(large);
        }
        // a small value only in the lower level: read once from there, copied up, then read from the top
        byte[] lower = TestData.bytes(300, 3);
        Key lowerKey = TestData.sha256Key(lower);
        hdd.write(lowerKey, Value.of(lower), Set.of()).orElseThrow().close();
        lake.get(lowerKey).close();
        lake.get(lowerKey).close();
        assertThat(lake.read(TestData.sha256Key(TestData.bytes(10, 9)))).isEmpty();

        Map<String, LocationStats> stats = byPlace(lake);
        LocationStats top = stats.get("levels[0]:small:disk");
        LocationStats small0 = stats.get("levels[0]:small");
        LocationStats bottom = stats.get("levels[1]:disk");
        LocationStats all = stats.get("levels");
        // small: stored; large: declined by small(), stored below, and declined again when its read offers it a copy;
        // lower: copied up into the top disk
        assertThat(small0.stored()).isEqualTo(2);
        assertThat(small0.declined()).isEqualTo(2);
        assertThat(top.stored()).isEqualTo(2);
        assertThat(top.bytesIn()).isEqualTo(600 + 300);
        assertThat(small0.copyUpsDone()).as("copy-ups count at the level, small(...)").isEqualTo(1);
        assertThat(top.copyUpsDone()).isZero();
        assertThat(bottom.stored()).isEqualTo(1);
        assertThat(bottom.bytesIn()).isEqualTo(5000);
        assertThat(all.stored()).isEqualTo(2);
        assertThat(all.bytesIn()).isEqualTo(5600);
        // reads: large (miss top, hit bottom), lower twice (miss then hit top; hit bottom once), absent (miss both)
        assertThat(top.hits()).isEqualTo(1);
        assertThat(top.misses()).isEqualTo(3);
        assertThat(top.bytesOut()).isEqualTo(300);
        assertThat(bottom.hits()).isEqualTo(2);
        assertThat(bottom.misses()).isEqualTo(1);
        assertThat(bottom.bytesOut()).isEqualTo(5000 + 300);
        assertThat(all.hits()).isEqualTo(3);
        assertThat(all.misses()).isEqualTo(1);
        assertThat(top.readNanos()).as("leaves are timed").isPositive();
        assertThat(all.readNanos()).as("combinators are not: their time is their members'").isZero();
        assertThat(all.errors()).isEmpty();
        assertThat(lake.contains(smallKey)).isTrue();
    }

    @Test
    void corruptCopiesAreCountedWhereTheyAreFound() throws Exception {
        DiskLocation top = DiskLocation.open(temp.resolve("top"));
        DiskLocation bottom = DiskLocation.open(temp.resolve("bottom"));
        Lake lake = new Lake(Levels.of(top, bottom)).metered().withVerifiedReads();
        byte[] bytes = TestData.bytes(70_000, 4);
        Key key = TestData.sha256Key(bytes);
        bottom.write(key, Value.of(bytes), Set.of()).orElseThrow().close();
        top.write(key, Value.of(bytes), Set.of()).orElseThrow().close();
        TestData.flipByte(top.pathOf(key), 17);

        try (Value value = lake.get(key)) {
            assertThat(TestData.readAll(value)).isEqualTo(bytes);
        }
        Map<String, LocationStats> stats = byPlace(lake);
        assertThat(lake.meters()).extracting(Metered::kind).containsExactly("levels", "disk", "disk");
        assertThat(stats.get("levels[0]:disk").corrupt()).as("the verified read found it").isEqualTo(1);
        assertThat(stats.get("levels[0]:disk").errors()).containsEntry("CorruptionException", 1L);
        assertThat(stats.get("levels[0]:disk").lastErrors()).singleElement()
                .satisfies(failure -> assertThat(failure.operation()).isEqualTo("read"));
        assertThat(stats.get("levels[0]:disk").copyUpsDone()).as("healed from below").isEqualTo(1);
        assertThat(stats.get("levels[1]:disk").corrupt()).isZero();

        TestData.flipByte(top.pathOf(key), 17);
        TestData.flipByte(bottom.pathOf(key), 18);
        assertThat(lake.verify(false).corrupt()).hasSize(2);
        assertThat(stats.get("levels[0]:disk").corrupt()).isEqualTo(2);
        assertThat(stats.get("levels[1]:disk").corrupt()).isEqualTo(1);
        assertThatThrownBy(() -> lake.get(key)).isInstanceOf(io.tarn.KeyNotFoundException.class);
    }

    @Test
    void aLocationThatEvictsReportsThroughTheEventsOfItsPlace() {
        Evicting evicting = new Evicting();
        Lake lake = new Lake(Levels.of(evicting, DiskLocation.open(temp.resolve("disk")))).metered();
        evicting.events.evicted(3, 3000);
        LocationStats stats = byPlace(lake).get("levels[0]:evicting");
        assertThat(stats.evictions()).isEqualTo(3);
        assertThat(stats.evictedBytes()).isEqualTo(3000);
    }

    @Test
    void aFailingLevelCountsItsFailuresByKind() {
        Lake lake = new Lake(Levels.of(new Failing(), DiskLocation.open(temp.resolve("disk")))).metered();
        Key key = lake.write(TestData.bytes(100, 5));
        assertThat(lake.read(key)).isPresent().get().satisfies(Location::closeQuietly);
        LocationStats failing = byPlace(lake).get("levels[0]:failing");
        assertThat(failing.declined()).as("the write, and the copy the read offered it").isEqualTo(2);
        assertThat(failing.errors()).isEqualTo(Map.of("LocationException", 1L));
        assertThatThrownBy(() -> lake.delete(key)).isInstanceOf(io.tarn.LocationException.class);
        assertThat(failing.errors()).isEqualTo(Map.of("LocationException", 2L));
        assertThat(failing.lastErrors()).extracting(LocationStats.Failure::operation).containsExactly("read", "delete");
    }

    /** A leaf that would evict: it reports through the events its Metered hands it. */
    private static final class Evicting extends Failing implements LocationEvents.Source {
        LocationEvents events = LocationEvents.NONE;

        @Override
        public void observe(LocationEvents observer) {
            events = observer;
        }
    }

    /** A leaf whose every operation fails, but for writes, which it declines. */
    private static class Failing implements Location {
        private static io.tarn.LocationException down() {
            return new io.tarn.LocationException("down", null);
        }

        @Override
        public Optional<Value> read(Key key) {
            throw down();
        }

        @Override
        public Optional<Value> write(Key key, Value value, Set<String> labels) {
            return Optional.empty();
        }

        @Override
        public boolean delete(Key key) {
            throw down();
        }

        @Override
        public boolean touch(Key key) {
            throw down();
        }

        @Override
        public java.util.stream.Stream<Entry> contents() {
            return List.<Entry>of().stream();
        }
    }

    @Test
    void evictionsOfABoundedLevelAreCountedAtItsPlace() throws Exception {
        DiskLocation ssd = DiskLocation.open(temp.resolve("ssd"));
        DiskLocation hdd = DiskLocation.open(temp.resolve("hdd"));
        List<Key> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] value = TestData.bytes(100, i);
            Key key = TestData.sha256Key(value);
            hdd.write(key, Value.of(value), Set.of()).orElseThrow().close();
            keys.add(key);
        }
        Lake lake = new Lake(Levels.ofLevels(Level.of(ssd).withWrite(false).withCapacity(Capacity.ofValues(10)),
                Level.of(hdd))).metered();

        for (Key key : keys) {
            lake.get(key).close();
        }

        Levels tree = (Levels) lake.meters().get(0).inner();
        Evictor.Stats evictor = tree.evictor(0).orElseThrow().stats();
        LocationStats top = byPlace(lake).get("levels[0]:disk");
        assertThat(evictor.evicted()).isPositive();
        assertThat(top.evictions()).isEqualTo(evictor.evicted());
        assertThat(top.evictedBytes()).isEqualTo(evictor.evictedBytes()).isEqualTo(100 * evictor.evicted());
        assertThat(byPlace(lake).get("levels[1]:disk").evictions()).isZero();
    }
}
