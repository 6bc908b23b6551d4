package io.tarn.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.lake.Lake;
import io.tarn.location.Entry;
import io.tarn.location.Evictable;
import io.tarn.location.Location;
import io.tarn.location.VerifyOptions;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;

import static io.tarn.TestData.bytes;
import static io.tarn.lifecycle.GcTest.age;
import static io.tarn.lifecycle.GcTest.lake;
import static io.tarn.lifecycle.GcTest.put;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * gc racing writers, readers and touches: the gc's walk is held after its first value until the other threads have
 * written new values, written old values again, read and touched old ones (the first value the walk handed gc among
 * them); everything they did after gc started is still there afterwards, and the old values nobody used are gone.
 */
class GcRaceTest {
    private static final int OLD = 200;

    @TempDir
    Path temp;

    @Test
    void gcRacingWritersLosesNothingWrittenOrTouchedAfterItStarted() throws Exception {
        DiskLocation disk = lake(temp.resolve("lake"));
        Lake plain = new Lake(disk);
        List<Key> old = new ArrayList<>();
        for (int i = 0; i < OLD; i++) {
            Key key = put(plain, i, Set.of());
            age(disk, key);
            old.add(key);
        }
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(4);
        AtomicReference<Key> first = new AtomicReference<>();
        Lake lake = new Lake(new Pausing(disk, paused, resume, first));
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<GcReport> gc = pool.submit(() -> lake.gc(GcPolicy.olderThan(Duration.ofDays(1)).withGrace(Duration.ZERO)));
            assertThat(paused.await(60, TimeUnit.SECONDS)).as("gc reached its walk").isTrue();
            List<Future<List<Key>>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int worker = t;
                workers.add(pool.submit(() -> {
                    List<Key> used = new ArrayList<>();
                    used.add(use(plain, worker, first.get()));
                    for (int i = 0; i < 20; i++) {
                        // new values, and old ones written again, read or touched: worker by worker
                        Key key = worker == 0 ? put(plain, 10_000 + i, Set.of()) : old.get(worker * 40 + i);
                        used.add(use(plain, worker, key));
                    }
                    resume.countDown();
                    return used;
                }));
            }
            List<Key> used = new ArrayList<>();
            for (Future<List<Key>> worker : workers) {
                used.addAll(worker.get(60, TimeUnit.SECONDS));
            }
            GcReport report = gc.get(60, TimeUnit.SECONDS);
            for (Key key : used) {
                assertThat(disk.contains(key)).as("key %s used after gc started", key).isTrue();
            }
            long unused = old.stream().filter(key -> !used.contains(key)).count();
            assertThat(report.removed()).as("the old values nobody used").isEqualTo(unused);
            assertThat(old.stream().filter(disk::contains).count()).isEqualTo(OLD - unused);
            assertThat(plain.verify(VerifyOptions.DEFAULT).corrupt()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Over levels: gc's walk of the cache is held after its first value while readers read old values through the
     * tree (hits in the cache, which mark the cache only); afterwards every value they read is still in the cache and
     * in the store below, and the old values nobody read are gone from both.
     */
    @Test
    void valuesReadThroughTheCacheAfterGcStartedStayInEveryLevel() throws Exception {
        DiskLocation cache = lake(temp.resolve("cache"));
        DiskLocation store = lake(temp.resolve("store"));
        Lake plain = new Lake(Levels.ofLevels(Level.of(cache).withWrite(false), Level.of(store)));
        List<Key> old = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Key key = put(plain, i, Set.of());
            TestData.consume(plain.get(key)); // copied up into the cache
            age(cache, key);
            age(store, key);
            old.add(key);
        }
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(2);
        AtomicReference<Key> first = new AtomicReference<>();
        Lake lake = new Lake(Levels.ofLevels(Level.of(new Pausing(cache, paused, resume, first)).withWrite(false),
                Level.of(store)));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<GcReport> gc = pool.submit(() -> lake.gc(GcPolicy.olderThan(Duration.ofDays(1)).withGrace(Duration.ZERO)));
            assertThat(paused.await(60, TimeUnit.SECONDS)).as("gc reached its walk").isTrue();
            List<Future<List<Key>>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int reader = t;
                readers.add(pool.submit(() -> {
                    List<Key> read = new ArrayList<>(List.of(first.get()));
                    for (int i = 0; i < 25; i++) {
                        read.add(old.get(reader * 50 + i));
                    }
                    read.forEach(key -> TestData.consume(lake.get(key)));
                    resume.countDown();
                    return read;
                }));
            }
            Set<Key> read = new HashSet<>();
            for (Future<List<Key>> reader : readers) {
                read.addAll(reader.get(60, TimeUnit.SECONDS));
            }
            GcReport report = gc.get(60, TimeUnit.SECONDS);
            for (Key key : read) {
                assertThat(cache.contains(key)).as("key %s read from the cache after gc started", key).isTrue();
                assertThat(store.contains(key)).as("key %s read from the cache after gc started: the store's copy", key)
                        .isTrue();
            }
            long unused = old.stream().filter(key -> !read.contains(key)).count();
            assertThat(report.removed()).as("the old values nobody read, in both levels").isEqualTo(2 * unused);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A touch through {@code levels(cache, store)} that lands while gc removes the store's copy, at each moment gc asks
     * the cache's mark of the value (the n-th time), while the cache's copy outlives the cache's own sweep (a reader
     * holds it open, or gc is told to sweep the store only): the touch is told the value is there only if the store
     * still holds it afterwards, and told it is missing only if no level holds it. It failed before gc removed the
     * cache's copies with their original, holding them alone: the touch marked the cache's copy after gc had read that
     * mark, found the copy there and said "kept", while gc went on to remove the store's copy (the shape of
     * src-docs' {@code levels(level(/mnt/nvme/lake, cache=true, capacity=200GiB), /mnt/hdd/lake)}, found by the model).
     */
    @Test
    void aTouchThroughTheCacheWhileGcRemovesTheStoreCopyIsToldTheTruth() throws Exception {
        for (boolean heldOpen : new boolean[] { true, false }) {
            int raced = 0;
            for (int moment = 1; moment <= 3; moment++) {
                String what = (heldOpen ? "a reader holds the cache's copy" : "gc sweeps the store only")
                              + ", the touch at gc's question " + moment;
                Path root = temp.resolve((heldOpen ? "held-" : "store-only-") + moment);
                DiskLocation cache = lake(root.resolve("cache"));
                DiskLocation store = lake(root.resolve("store"));
                Lake plain = new Lake(Levels.ofLevels(Level.of(cache).withCache(true), Level.of(store)));
                Key key = put(plain, moment, Set.of());
                TestData.consume(plain.get(key)); // copied up into the cache
                assertThat(cache.contains(key)).as("copied up").isTrue();
                Value held = heldOpen ? plain.get(key) : null;
                age(cache, key);
                age(store, key);
                TouchingMidGc hook = new TouchingMidGc(cache, key, moment);
                Lake lake = new Lake(Levels.ofLevels(Level.of(hook).withCache(true), Level.of(store)));
                hook.tree = lake;
                GcPolicy policy = GcPolicy.olderThan(Duration.ofDays(1)).withGrace(Duration.ZERO);
                lake.gc(heldOpen ? policy : policy.onlyIn(store.root().toString()));
                if (held != null) {
                    held.close();
                }
                if (!hook.fired) {
                    continue; // gc asked fewer times
                }
                raced++;
                Boolean touched = hook.touched.get(60, TimeUnit.SECONDS);
                if (touched) {
                    assertThat(store.contains(key)).as("%s: told the value is kept, so the store keeps it", what)
                            .isTrue();
                } else {
                    assertThat(cache.contains(key) || store.contains(key))
                            .as("%s: told the value is missing, so no level holds it", what).isFalse();
                }
            }
            assertThat(raced).as("touches that ran while gc ran (held open: %s)", heldOpen).isPositive();
        }
    }

    /**
     * A cache level's disk whose mark of one key, the {@code moment}-th time gc asks it, is answered as it stood, after
     * a touch of the key through the whole tree has been started in another thread and has marked the cache (or waited
     * a second for gc to let it).
     */
    private static final class TouchingMidGc extends OverDisk {
        private final Key key;
        private final int moment;
        private final java.util.concurrent.CompletableFuture<Boolean> touched = new java.util.concurrent.CompletableFuture<>();
        private int asked;
        volatile boolean fired;
        volatile Lake tree;

        TouchingMidGc(DiskLocation disk, Key key, int moment) {
            super(disk);
            this.key = key;
            this.moment = moment;
        }

        @Override
        public Optional<Instant> lastUsed(Key asked) {
            Optional<Instant> mark = disk.lastUsed(asked);
            if (asked.equals(key) && !fired && ++this.asked == moment) {
                fired = true;
                Thread toucher = new Thread(() -> {
                    try {
                        touched.complete(tree.touch(key));
                    } catch (RuntimeException e) {
                        touched.completeExceptionally(e);
                    }
                });
                toucher.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (disk.lastUsed(key).equals(mark) && !touched.isDone() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            return mark;
        }

        @Override
        public String toString() {
            return "touching-mid-gc " + disk;
        }
    }

    /** Worker 0 writes, 1 writes an old value again, 2 reads, 3 touches. */
    private static Key use(Lake lake, int worker, Key key) throws Exception {
        switch (worker) {
            case 1 -> assertThat(lake.write(bytesOf(lake, key))).isEqualTo(key);
            case 2 -> {
                try (Value value = lake.get(key)) {
                    value.open().close();
                }
            }
            case 3 -> assertThat(lake.touch(key)).isTrue();
            default -> {
                // worker 0's new values were written by put(); the first value it writes again
                assertThat(lake.write(bytesOf(lake, key))).isEqualTo(key);
            }
        }
        return key;
    }

    private static byte[] bytesOf(Lake lake, Key key) throws Exception {
        try (Value value = lake.get(key); var in = value.open()) {
            return in.readAllBytes();
        }
    }

    /** A disk whose gc walk stops after its first value until the workers are done. */
    private static final class Pausing extends OverDisk {
        private final CountDownLatch paused;
        private final CountDownLatch resume;
        private final AtomicReference<Key> first;

        Pausing(DiskLocation disk, CountDownLatch paused, CountDownLatch resume, AtomicReference<Key> first) {
            super(disk);
            this.paused = paused;
            this.resume = resume;
            this.first = first;
        }

        @Override
        public Optional<Evictable> evictable() {
            Evictable inner = disk.evictable().orElseThrow();
            return Optional.of(new Evictable() {
                @Override
                public Stream<Stored> stored() {
                    return inner.stored().peek(value -> {
                        if (first.compareAndSet(null, value.key())) {
                            paused.countDown();
                            try {
                                assertThat(resume.await(60, TimeUnit.SECONDS)).isTrue();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
                }

                @Override
                public boolean deleteUnusedSince(Key key, Instant since) {
                    return inner.deleteUnusedSince(key, since);
                }

                @Override
                public void keepUsage() {
                    inner.keepUsage();
                }
            });
        }

        @Override
        public String toString() {
            return "pausing " + disk;
        }
    }

    /** A location that passes everything to a disk lake; the tests' locations change what they must. */
    private abstract static class OverDisk implements Location {
        final DiskLocation disk;

        OverDisk(DiskLocation disk) {
            this.disk = disk;
        }

        @Override
        public Optional<Evictable> evictable() {
            return disk.evictable();
        }

        @Override
        public boolean recordsUse() {
            return disk.recordsUse();
        }

        @Override
        public Optional<Instant> lastUsed(Key key) {
            return disk.lastUsed(key);
        }

        @Override
        public Optional<Value> read(Key key) {
            return disk.read(key);
        }

        @Override
        public boolean contains(Key key) {
            return disk.contains(key);
        }

        @Override
        public Optional<Value> write(Key key, Value value, Set<String> labels) {
            return disk.write(key, value, labels);
        }

        @Override
        public boolean delete(Key key) {
            return disk.delete(key);
        }

        @Override
        public boolean touch(Key key) {
            return disk.touch(key);
        }

        @Override
        public Stream<Entry> contents() {
            return disk.contents();
        }
    }
}
