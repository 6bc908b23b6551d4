package io.tarn.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.eviction.Capacity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM evicting from a bounded cache level, or collecting garbage, is killed with SIGKILL at random moments:
 * afterwards {@code verify} finds nothing corrupt or partial in any lake, every value of the authoritative lake is
 * there and intact, and gc removed none of the values it had no business removing.
 */
class LifecycleCrashTest {
    private static final int KILLS = 5;

    @TempDir
    Path temp;

    @Test
    void aKilledEvictionLeavesEveryLakeClean() throws Exception {
        Path ssd = temp.resolve("ssd");
        Path hdd = temp.resolve("hdd");
        Lake authoritative = Lake.open(hdd);
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 10 * LifecycleChildMain.CAPACITY; i++) {
            keys.add(authoritative.write(TestData.bytes(2000, i)));
        }
        Random random = new Random(15);
        for (int kill = 0; kill < KILLS; kill++) {
            KilledChild.run(temp, LifecycleChildMain.class, "working", random.nextInt(400),
                    () -> awaitProgress("the child copied a value up to the cache level", () -> cachedValues(ssd) > 0),
                    "evict", ssd.toString(), hdd.toString(), Long.toString(random.nextLong()));
            for (Path root : List.of(ssd, hdd)) {
                VerifyReport report = DiskLocation.open(root).verify(HashAlgorithm.SHA256,
                        VerifyOptions.DEFAULT.withAllTemporaryFiles(true));
                assertThat(report.corrupt()).as("corrupt values in %s after kill %d", root, kill).isEmpty();
            }
            // a child killed after a copy, before the batch it starts, leaves the level one value past its capacity,
            // and the next child may be killed so too: Evictor's bound is the capacity, one batch (30 - 27) and the
            // one value whose copy crossed it
            assertThat(cachedValues(ssd)).as("values in the cache level after kill %d", kill).isPositive()
                    .isLessThanOrEqualTo(LifecycleChildMain.CAPACITY + 3 + 1);
            for (Key key : keys) {
                assertThat(TestData.sha256Hex(DiskLocation.open(hdd).pathOf(key))).isEqualTo(key.hex());
            }
        }
        // what the killed children left past the capacity goes at the next batch of a process that lives
        Levels tree = Levels.ofLevels(Level.of(DiskLocation.open(ssd)).withWrite(false)
                .withCapacity(Capacity.ofValues(LifecycleChildMain.CAPACITY)), Level.of(DiskLocation.open(hdd)));
        tree.evictor(0).orElseThrow().evict(null);
        assertThat(cachedValues(ssd)).as("values in the cache level after a batch").isPositive()
                .isLessThanOrEqualTo(LifecycleChildMain.CAPACITY);
    }

    @Test
    void aKilledGcLeavesTheLakeCleanAndTheYoungValuesThere() throws Exception {
        Path root = temp.resolve("lake");
        DiskLocation disk = DiskLocation.open(root, DiskConfig.defaults().withTools());
        Lake lake = new Lake(disk);
        List<Key> young = new ArrayList<>();
        Random random = new Random(15);
        long removed = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            List<Key> old = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Key key = lake.write(TestData.bytes(500, random.nextLong()));
                TestData.setMtime(root.resolve("tools/usage").resolve(key.hex().substring(0, 2))
                        .resolve(key.hex().substring(2)), Instant.now().minus(Duration.ofDays(3)));
                old.add(key);
            }
            for (int i = 0; i < 10; i++) {
                young.add(lake.write(TestData.bytes(500, random.nextLong()), Set.of()));
            }
            // killed at a random moment once the child's gc has begun removing, so the kills land in a gc on any machine
            KilledChild.run(temp, LifecycleChildMain.class, "working", random.nextInt(100),
                    () -> awaitProgress("the child's gc removed an old value", () -> old.stream().anyMatch(
                            key -> !disk.contains(key))), "gc", root.toString());
            VerifyReport report = DiskLocation.open(root).verify(HashAlgorithm.SHA256,
                    VerifyOptions.DEFAULT.withAllTemporaryFiles(true));
            assertThat(report.corrupt()).as("corrupt values after kill %d", kill).isEmpty();
            assertThat(report.foreign()).isEmpty();
            for (Key key : young) {
                assertThat(disk.contains(key)).as("young key %s after kill %d", key, kill).isTrue();
                assertThat(TestData.sha256Hex(disk.pathOf(key))).isEqualTo(key.hex());
            }
            removed += old.stream().filter(key -> !disk.contains(key)).count();
        }
        assertThat(removed).as("the killed gcs removed old values").isPositive();
    }

    private static long cachedValues(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Key> cached = DiskLocation.open(root).keys(null)) {
            return cached.count();
        }
    }

    /** Waits, however loaded the machine, until the child has shown it works: a kill before proves nothing. */
    private static void awaitProgress(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("in 2 minutes, not seen: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
