package io.tarn.location;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.LocationSpecException;
import io.tarn.WriteDeclinedException;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.combine.Fanout;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.combine.ReadOnly;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.eviction.Capacity;
import io.tarn.spec.LocationSpec;

import static io.tarn.TestData.bytes;
import static io.tarn.TestData.consume;
import static io.tarn.TestData.refusal;
import static io.tarn.TestData.sha256Key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cache=true} means what it says: the level holds copies only. A write offered to it is stored in a durable
 * level below, and acknowledged only then; the cache gets a copy, counted against its capacity, and a cache that
 * fails never fails the write. A tree whose cache has no level below to hold writes is refused. Real disk lakes.
 */
class CacheLevelWritesTest {
    private static final int CAPACITY = 3;
    private static final int WRITES = 10;

    @TempDir
    Path temp;

    private Path cacheRoot() {
        return temp.resolve("cache");
    }

    private Path storeRoot() {
        return temp.resolve("store");
    }

    private static long count(Location disk) {
        try (Stream<Entry> stored = disk.contents()) {
            return stored.count();
        }
    }

    /** The reported case, spec-built: 10 writes, every one in the store, the cache within its capacity. */
    @Test
    void writesToABoundedCacheLevelAreStoredBelowAndTheCacheStaysWithinItsCapacitySpec() {
        Levels tree = (Levels) LocationSpec.parse("levels(level(" + cacheRoot() + ", cache=true, capacityValues=" + CAPACITY
                                                  + "), " + storeRoot() + ")");
        writeThroughABoundedCache(tree);
    }

    /** The same tree built in Java behaves the same. */
    @Test
    void writesToABoundedCacheLevelAreStoredBelowAndTheCacheStaysWithinItsCapacityJava() {
        Levels tree = Levels.ofLevels(
                Level.of(DiskLocation.open(cacheRoot())).withCache(true).withCapacity(Capacity.ofValues(CAPACITY)),
                Level.of(DiskLocation.open(storeRoot())));
        writeThroughABoundedCache(tree);
    }

    private void writeThroughABoundedCache(Levels tree) {
        Location cache = tree.levels().get(0).location();
        Location store = tree.levels().get(1).location();
        Lake lake = new Lake(tree);
        Map<Key, byte[]> written = new LinkedHashMap<>();
        for (int i = 0; i < WRITES; i++) {
            byte[] value = bytes(500, i);
            written.put(lake.write(value), value);
        }
        Capacity capacity = tree.levels().get(0).capacity();
        long oneBatch = (long) Math.ceil(CAPACITY * (1 - capacity.lowWatermark()));
        assertThat(count(cache)).as("the cache level holds at most its capacity plus one batch")
                .isBetween(1L, CAPACITY + oneBatch);
        assertThat(tree.evictor(0).orElseThrow().stats().evicted()).as("the bound applied").isPositive();
        assertThat(count(store)).as("every write is stored below the cache").isEqualTo(WRITES);
        written.forEach((key, value) -> {
            assertThat(store.contains(key)).isTrue();
            assertThat(consume(lake.get(key))).as("read through the tree").isEqualTo(value);
        });
    }

    /** Acknowledged only once a durable level holds it: with every level below declining, the cache takes nothing. */
    @Test
    void aWriteNoLevelBelowTakesIsDeclinedAndTheCacheHoldsNothing() {
        DiskLocation cache = DiskLocation.open(cacheRoot());
        DiskLocation full = DiskLocation.open(storeRoot(), DiskConfig.defaults().withLimits(0, 0L));
        Lake lake = new Lake(Levels.ofLevels(Level.of(cache).withCache(true), Level.of(full)));
        byte[] value = bytes(500, 1);
        assertThatThrownBy(() -> lake.write(value)).isInstanceOf(WriteDeclinedException.class);
        assertThat(count(cache)).as("nothing rests in the cache alone").isZero();
    }

    /** The copy is best effort, like a copy-up: a cache that fails to store it is logged, the write succeeds. */
    @Test
    void aCacheThatFailsToTakeItsCopyNeverFailsTheWrite() throws Exception {
        DiskLocation cache = DiskLocation.open(cacheRoot());
        DiskLocation store = DiskLocation.open(storeRoot());
        Lake lake = new Lake(Levels.ofLevels(Level.of(cache).withCache(true), Level.of(store)));
        byte[] value = bytes(500, 2);
        Key key = sha256Key(value);
        // a folder where the cache would put the value's file: the cache cannot store it
        Path inTheWay = cacheRoot().resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
        Files.createDirectories(inTheWay);
        assertThat(lake.write(value)).isEqualTo(key);
        assertThat(store.contains(key)).isTrue();
        assertThat(consume(lake.get(key))).isEqualTo(value);
        assertThat(Files.isDirectory(inTheWay)).as("the cache's foreign entry is left alone").isTrue();
    }

    /** Only the first cache above the level that stored the write gets a copy; a cache below it gets none. */
    @Test
    void theCopyGoesToTheFirstCacheAboveTheLevelThatStoredTheWrite() {
        DiskLocation first = DiskLocation.open(temp.resolve("first"));
        DiskLocation second = DiskLocation.open(temp.resolve("second"));
        DiskLocation store = DiskLocation.open(storeRoot());
        DiskLocation below = DiskLocation.open(temp.resolve("below"));
        DiskLocation bottom = DiskLocation.open(temp.resolve("bottom"));
        Lake lake = new Lake(Levels.ofLevels(Level.of(first).withCache(true), Level.of(second).withCache(true),
                Level.of(store), Level.of(below).withCache(true), Level.of(bottom)));
        Key key = lake.write(bytes(500, 3));
        assertThat(List.of(first, second, store, below, bottom).stream().map(disk -> disk.contains(key)).toList())
                .containsExactly(true, false, true, false, false);
    }

    /** A cache with no level below it that holds writes is refused when built or parsed, naming it and the fix. */
    @Test
    void aCacheLevelWithNothingDurableBelowIsRefused() {
        String spec = "levels(" + storeRoot() + ", level(" + cacheRoot() + ", cache=true), level(" + temp.resolve("ro")
                      + ", write=false))";
        assertThatThrownBy(() -> LocationSpec.parse(spec)).isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("level 1 (" + cacheRoot() + ")").hasMessageContaining("write=false")
                .hasMessageContaining("durable level below")
                .hasMessageContaining("position " + (spec.indexOf("level(" + cacheRoot()) + 1));
        assertThat(Files.exists(cacheRoot())).as("nothing made for a refused spec").isFalse();
        assertThat(Files.exists(storeRoot())).isFalse();
        assertThatThrownBy(() -> Levels.ofLevels(Level.of(DiskLocation.open(storeRoot())),
                Level.of(DiskLocation.open(cacheRoot())).withCache(true),
                Level.of(DiskLocation.open(temp.resolve("ro"))).withWrite(false)))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("level 1 (disk:" + cacheRoot() + ")").hasMessageContaining("write=false")
                .hasMessageContaining("durable level below");
    }

    /** Every shape refused built in Java is refused parsed, for the same level and in the same words, and vice versa. */
    @Test
    void javaBuiltAndSpecBuiltTreesAgree() {
        Path a = temp.resolve("a");
        Path b = temp.resolve("b");
        Path c = temp.resolve("c");
        Map<String, Supplier<Location>> shapes = new LinkedHashMap<>();
        shapes.put("levels(level({a}, capacityValues=3), {b})", () -> Levels.ofLevels(
                Level.of(disk(a)).withCapacity(Capacity.ofValues(3)), Level.of(disk(b))));
        shapes.put("levels(level({a}, cache=true, capacityValues=3), {b})", () -> Levels.ofLevels(
                Level.of(disk(a)).withCache(true).withCapacity(Capacity.ofValues(3)), Level.of(disk(b))));
        shapes.put("levels(level({a}, write=false, capacityValues=3), {b})", () -> Levels.ofLevels(
                Level.of(disk(a)).withWrite(false).withCapacity(Capacity.ofValues(3)), Level.of(disk(b))));
        shapes.put("levels(level({a}, cache=true))", () -> Levels.ofLevels(Level.of(disk(a)).withCache(true)));
        shapes.put("levels(level({a}, cache=true), level({b}, write=false))", () -> Levels.ofLevels(
                Level.of(disk(a)).withCache(true), Level.of(disk(b)).withWrite(false)));
        shapes.put("levels(level({a}, cache=true), readonly({b}), {c})", () -> Levels.ofLevels(
                Level.of(disk(a)).withCache(true), Level.of(new ReadOnly(disk(b))), Level.of(disk(c))));
        shapes.put("fanout(levels(level({a}, cache=true), {b}), {c})", () -> Fanout.of(Levels.ofLevels(
                Level.of(disk(a)).withCache(true), Level.of(disk(b))), disk(c)));
        shapes.put("levels({b}, fanout(levels(level({a}, cache=true, capacity=1MiB), {c})))", () -> Levels.of(disk(b),
                Fanout.of(Levels.ofLevels(Level.of(disk(a)).withCache(true).withCapacity(Capacity.ofBytes(1 << 20)),
                        Level.of(disk(c))))));
        int refused = 0;
        for (Map.Entry<String, Supplier<Location>> shape : shapes.entrySet()) {
            String spec = shape.getKey().replace("{a}", a.toString()).replace("{b}", b.toString()).replace("{c}", c.toString());
            String parsed = refusal(() -> LocationSpec.parse(spec));
            String built = refusal(shape.getValue());
            assertThat(parsed == null).as(shape.getKey() + ": refused by the parser as by the constructors")
                    .isEqualTo(built == null);
            if (parsed != null) {
                refused++;
                assertThat(parsed).as(shape.getKey()).contains(" — at position ");
                assertThat(parsed.substring(0, parsed.indexOf(" — at position ")))
                        .as(shape.getKey() + ": the same words, the level named as written")
                        .isEqualTo(built.replace("disk:", ""));
            }
        }
        assertThat(refused).isEqualTo(3);
    }

    private static DiskLocation disk(Path root) {
        return DiskLocation.open(root);
    }

    /** A lake whose root may hold writes is accepted whatever its shape; the check at the lake is for what may drop them. */
    @Test
    void aLakeOverDurableTreesIsAccepted() {
        List<Location> roots = new ArrayList<>();
        roots.add(DiskLocation.open(temp.resolve("x")));
        roots.add(new ReadOnly(DiskLocation.open(temp.resolve("y"))));
        roots.add(Levels.ofLevels(Level.of(DiskLocation.open(temp.resolve("z"))).withCache(true),
                Level.of(DiskLocation.open(temp.resolve("w")))));
        roots.forEach(root -> assertThat(root.mayDropWrites()).as(root.toString()).isFalse());
        roots.forEach(Lake::new);
        assertThat(Set.copyOf(roots)).hasSize(3);
    }
}
