package io.tarn.location;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationSpecException;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.eviction.Capacity;
import io.tarn.location.eviction.Evictor;
import io.tarn.spec.LocationSpec;

import static io.tarn.TestData.bytes;
import static io.tarn.TestData.consume;
import static io.tarn.TestData.sha256Key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bounded cache levels: real disk lakes, a cache level over an authoritative one. */
class EvictionTest {
    private static final int CAPACITY = 10;
    private static final int SIZE = 100;

    @TempDir
    Path temp;

    /** The authoritative lake (no usage marks: camel-tarn's marks are only asked of the bounded level). */
    private DiskLocation hdd;
    /** The cache level, a disk lake whose config.yml keeps no usage either: the evictor keeps marks all the same. */
    private DiskLocation ssd;
    private final List<Key> keys = new ArrayList<>();

    private Levels tree(Capacity capacity, int values) {
        // Python tarn's default config (a lake camel-tarn creates keeps usage marks)
        hdd = DiskLocation.open(temp.resolve("hdd"), DiskConfig.defaults());
        ssd = DiskLocation.open(temp.resolve("ssd"), DiskConfig.defaults());
        for (int i = 0; i < values; i++) {
            byte[] value = bytes(SIZE, i);
            Key key = sha256Key(value);
            hdd.write(key, Value.of(value), Set.of()).ifPresent(Location::closeQuietly);
            keys.add(key);
        }
        return Levels.ofLevels(Level.of(ssd).withWrite(false).withCapacity(capacity), Level.of(hdd));
    }

    private static long count(DiskLocation disk) {
        try (Stream<Key> stored = disk.keys(null)) {
            return stored.count();
        }
    }

    private static void read(Location tree, Key key) {
        byte[] read = consume(tree.read(key).orElseThrow());
        assertThat(sha256Key(read)).isEqualTo(key);
    }

    @Test
    void aBoundedLevelStaysWithinItsCapacityWhileTenTimesItStreamsThrough() {
        Levels tree = tree(Capacity.ofValues(CAPACITY), 10 * CAPACITY);
        List<Key> order = new ArrayList<>(keys);
        Collections.shuffle(order, new Random(15));
        long most = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (Key key : order) {
                read(tree, key);
                most = Math.max(most, count(ssd));
                assertThat(count(ssd)).as("values in the bounded level").isLessThanOrEqualTo(CAPACITY + 1);
            }
        }
        assertThat(most).as("the level filled up to its capacity").isGreaterThanOrEqualTo(CAPACITY);
        Evictor.Stats stats = tree.evictor(0).orElseThrow().stats();
        assertThat(stats.batches()).as("batches, not one eviction per value").isLessThan(stats.evicted());
        assertThat(stats.evicted()).isGreaterThanOrEqualTo(2L * 10 * CAPACITY - CAPACITY - 1);
        assertThat(count(hdd)).as("the authoritative level keeps every value").isEqualTo(10L * CAPACITY);
    }

    @Test
    void aBoundOnBytesHoldsToo() {
        Levels tree = tree(Capacity.ofBytes(CAPACITY * SIZE), 10 * CAPACITY);
        for (Key key : keys) {
            read(tree, key);
            assertThat(ssd.usedBytes()).as("bytes in the bounded level").isLessThanOrEqualTo((CAPACITY + 1) * SIZE);
            assertThat(count(ssd)).isLessThanOrEqualTo(CAPACITY + 1);
        }
    }

    @Test
    void hotValuesStayColdOnesGo() {
        Levels tree = tree(Capacity.ofValues(CAPACITY), 10 * CAPACITY);
        List<Key> hot = keys.subList(0, 5);
        List<Key> cold = keys.subList(5, keys.size());
        for (Key key : cold) {
            read(tree, key);
            hot.forEach(h -> read(tree, h));
        }
        for (Key key : hot) {
            assertThat(ssd.contains(key)).as("hot key %s in the cache level", key).isTrue();
        }
        long coldHeld = cold.stream().filter(ssd::contains).count();
        assertThat(coldHeld).as("cold values left").isLessThanOrEqualTo(CAPACITY - hot.size());
        assertThat(cold.subList(0, cold.size() - CAPACITY).stream().filter(ssd::contains)).as("the oldest cold ones")
                .isEmpty();
    }

    @Test
    void theAuthoritativeLevelIsNeverTouched() throws Exception {
        Levels tree = tree(Capacity.ofValues(CAPACITY), 5 * CAPACITY);
        Map<String, FileTime> before = snapshot(hdd.root());
        for (int pass = 0; pass < 3; pass++) {
            keys.forEach(key -> read(tree, key));
        }
        assertThat(tree.evictor(0).orElseThrow().stats().evicted()).isPositive();
        assertThat(snapshot(hdd.root())).as("every file of the authoritative lake, with its time").isEqualTo(before);
    }

    private static Map<String, FileTime> snapshot(Path root) throws Exception {
        Map<String, FileTime> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(path) && !path.startsWith(root.resolve(".tmp"))) {
                    files.put(root.relativize(path).toString(), Files.getLastModifiedTime(path));
                }
            }
        }
        return files;
    }

    /**
     * A value a reader holds is not evicted until it is closed, though it is the least recently used and every other
     * value goes: the disk level holds its key in use (no pins of the tree's own).
     */
    @Test
    void aValueAReaderHoldsStaysUntilItIsClosed() throws Exception {
        Levels tree = tree(Capacity.ofValues(CAPACITY), 3 * CAPACITY);
        Key held = keys.get(0);
        Value value = tree.read(held).orElseThrow();
        keys.subList(1, keys.size()).forEach(key -> read(tree, key));
        assertThat(tree.evictor(0).orElseThrow().stats().evicted()).isPositive();
        assertThat(ssd.contains(held)).as("the held value, in the level").isTrue();
        assertThat(sha256Key(consume(value))).isEqualTo(held);
        value.close();
        keys.subList(1, keys.size()).forEach(key -> read(tree, key));
        assertThat(ssd.contains(held)).as("evicted once closed").isFalse();
    }

    /**
     * Values in use cannot be evicted: once the level holds capacity plus one batch plus one value, all in use, copies
     * are declined and reads served from below; closing them gets the level back within its capacity, with no copy
     * or write into it to start a batch (each close does when the level is past it), and copies resume.
     */
    @Test
    void aLevelFullOfValuesInUseDeclinesCopiesAndServesReadsFromBelow() throws Exception {
        Levels tree = tree(Capacity.ofValues(CAPACITY), 3 * CAPACITY);
        List<Value> held = new ArrayList<>();
        for (Key key : keys.subList(0, 2 * CAPACITY)) {
            Value value = tree.read(key).orElseThrow();
            held.add(value);
            assertThat(sha256Key(TestData.readAll(value))).isEqualTo(key);
            assertThat(count(ssd)).as("values in the level").isLessThanOrEqualTo(CAPACITY + 2);
        }
        Evictor evictor = tree.evictor(0).orElseThrow();
        assertThat(evictor.stats().copiesDeclined()).as("copies declined").isPositive();
        assertThat(count(ssd)).isEqualTo(CAPACITY + 2);
        for (Value value : held) {
            value.close();
        }
        assertThat(count(ssd)).as("once every value is let go").isLessThanOrEqualTo(CAPACITY);
        assertThat(evictor.stats().evicted()).as("evicted as they were let go").isEqualTo(2);
        Key later = keys.get(2 * CAPACITY + 1);
        read(tree, later);
        assertThat(ssd.contains(later)).as("copied up again").isTrue();
    }

    @Test
    void aValueNoLowerLevelHoldsIsNeverEvicted() {
        Levels tree = tree(Capacity.ofValues(CAPACITY), 3 * CAPACITY);
        byte[] only = bytes(SIZE, 999);
        Key onlyKey = sha256Key(only);
        ssd.write(onlyKey, Value.of(only), Set.of()).ifPresent(Location::closeQuietly);
        keys.forEach(key -> read(tree, key));
        keys.forEach(key -> read(tree, key));
        assertThat(ssd.contains(onlyKey)).as("the only copy, put in the cache level by hand").isTrue();
        assertThat(tree.evictor(0).orElseThrow().stats().keptAsOnlyCopy()).isPositive();
    }

    @Test
    void aLevelThatMayHoldTheOnlyCopyCannotBeBounded() {
        DiskLocation disk = DiskLocation.open(temp.resolve("a"));
        assertThatThrownBy(() -> Levels.ofLevels(Level.of(disk).withCapacity(Capacity.ofValues(5)), Level.of(disk)))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("write=false")
                .hasMessageContaining("cache=true");
        assertThatThrownBy(() -> LocationSpec.parse("levels(level(" + temp.resolve("b") + ", capacity=1GiB), "
                                                    + temp.resolve("c") + ")"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("must be a cache")
                .hasMessageContaining("position");
        assertThat(Files.exists(temp.resolve("b"))).as("nothing made for a bad spec").isFalse();
        assertThat(Levels.ofLevels(Level.of(disk).withCache(true).withCapacity(Capacity.ofValues(5)), Level.of(disk))
                .evictor(0)).isPresent();
    }

    @Test
    void theSpecReadsCapacitiesAndPrintsThemBack() {
        String spec = "levels(level(" + temp.resolve("ssd") + ", write=false, capacity=1MiB, capacityValues=1000,"
                      + " lowWatermark=0.5), level(" + temp.resolve("nvme") + ", cache=true, capacityValues=10), "
                      + temp.resolve("hdd") + ")";
        Levels levels = (Levels) LocationSpec.parse(spec);
        assertThat(levels.levels().get(0).capacity()).isEqualTo(new Capacity(1 << 20, 1000, 0.5));
        assertThat(levels.levels().get(1).capacity()).isEqualTo(Capacity.ofValues(10));
        assertThat(levels.levels().get(1).cache()).isTrue();
        assertThat(LocationSpec.parse(levels.toString())).isEqualTo(levels);
        assertThatThrownBy(() -> LocationSpec.parse("levels(level(/x, write=false, capacityValues=many), /y)"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("capacityValues")
                .hasMessageContaining("position 46");
        assertThatThrownBy(() -> LocationSpec.parse("levels(level(/x, write=false, lowWatermark=0.5), /y)"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("needs a capacity");
    }

    @Test
    void concurrentReadersReadIntactValuesAndVerifyFindsNothingWrong() throws Exception {
        Levels tree = tree(Capacity.ofValues(CAPACITY), 10 * CAPACITY);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                readers.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 500; i++) {
                        Key key = keys.get(random.nextInt(keys.size()));
                        try (Value value = tree.read(key).orElseThrow()) {
                            assertThat(HashAlgorithm.SHA256.matches(key, value, tree)).as("key %s", key).isTrue();
                        }
                    }
                    return 500;
                }));
            }
            for (Future<Integer> reader : readers) {
                assertThat(reader.get()).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(tree.evictor(0).orElseThrow().stats().evicted()).isPositive();
        VerifyReport report = new Lake(tree).verify(VerifyOptions.DEFAULT);
        assertThat(report.corrupt()).isEmpty();
        assertThat(count(hdd)).isEqualTo(10L * CAPACITY);
        tree.evictor(0).orElseThrow().evict(null);
        assertThat(count(ssd)).isLessThanOrEqualTo(CAPACITY);
        assertThat(TestData.files(ssd.tmpFolder())).as("nothing staged left behind").isEmpty();
    }

    /** The same tree opened again over the same folders: another process as far as eviction is concerned. */
    private Levels anotherTree(Capacity capacity) {
        return Levels.ofLevels(Level.of(DiskLocation.open(temp.resolve("ssd"), DiskConfig.defaults())).withWrite(false)
                .withCapacity(capacity), Level.of(DiskLocation.open(temp.resolve("hdd"), DiskConfig.defaults())));
    }

    /**
     * The evictor takes its candidates from its own recency index, which knows this process's uses only: a value
     * another process used since (its usage mark is newer than the index says) is kept, and the next one goes.
     */
    @Test
    void aValueAnotherProcessUsedSinceThisOneDidIsNotEvicted() throws Exception {
        Levels tree = tree(Capacity.ofValues(CAPACITY), 2 * CAPACITY);
        keys.subList(0, CAPACITY).forEach(key -> read(tree, key));
        Key usedElsewhere = keys.get(0);
        assertThat(ssd.contains(usedElsewhere)).isTrue();
        Thread.sleep(5);
        read(anotherTree(Capacity.ofValues(CAPACITY)), usedElsewhere); // a hit in the level: marks it used there
        Thread.sleep(5);
        read(tree, keys.get(CAPACITY)); // past the capacity: a batch evicts two values, the oldest this process knows
        assertThat(tree.evictor(0).orElseThrow().stats().evicted()).isEqualTo(2);
        assertThat(ssd.contains(usedElsewhere)).as("the value the other process used, still in the level").isTrue();
        assertThat(ssd.contains(keys.get(1))).as("the oldest value used by no one since").isFalse();
        assertThat(ssd.contains(keys.get(2))).isFalse();
    }

    /**
     * Values another writer stored in the level (Python tarn, a process that does not count them) are neither in this
     * process's index nor in the shared counts: the walk the evictor makes again once it has evicted as many values as
     * the last walk found brings them in, oldest first, and they go.
     */
    @Test
    void valuesAnotherWriterStoredInTheLevelAreEvictedOnceItIsPastItsCapacity() {
        Levels tree = tree(Capacity.ofValues(CAPACITY), 6 * CAPACITY);
        keys.subList(0, CAPACITY / 2).forEach(key -> read(tree, key));
        DiskLocation otherWriter = DiskLocation.open(temp.resolve("ssd"), DiskConfig.defaults());
        List<Key> foreign = keys.subList(CAPACITY, 3 * CAPACITY);
        for (int i = CAPACITY; i < 3 * CAPACITY; i++) {
            otherWriter.write(keys.get(i), Value.of(bytes(SIZE, i)), Set.of()).ifPresent(Location::closeQuietly);
        }
        assertThat(count(ssd)).isEqualTo(CAPACITY / 2 + 2 * CAPACITY);
        for (Key key : keys.subList(3 * CAPACITY, 4 * CAPACITY)) {
            read(tree, key);
        }
        assertThat(count(ssd)).as("values in the level").isLessThanOrEqualTo(CAPACITY + 1);
        assertThat(foreign.stream().filter(ssd::contains)).as("the other writer's values, all older").isEmpty();
    }

    /** A batch takes its candidates from the index: the level is walked once at first, then once per level evicted. */
    @Test
    void batchesDoNotWalkTheLevel() {
        Levels tree = tree(Capacity.ofValues(CAPACITY).withLowWatermark(0.8), 10 * CAPACITY);
        keys.forEach(key -> read(tree, key));
        Evictor.Stats stats = tree.evictor(0).orElseThrow().stats();
        assertThat(stats.evicted()).isGreaterThanOrEqualTo(8L * CAPACITY);
        assertThat(stats.walks()).as("walks, against %s batches evicting %s values", stats.batches(), stats.evicted())
                .isLessThanOrEqualTo(2 + stats.evicted() / CAPACITY);
        assertThat(stats.walks()).isLessThan(stats.batches());
    }
}
