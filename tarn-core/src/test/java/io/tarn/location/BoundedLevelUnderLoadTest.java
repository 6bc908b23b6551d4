package io.tarn.location;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.format.DiskConfig;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.eviction.Capacity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded cache level read by many threads, and by two processes at once (issue 24's case: capacity 512 KiB):
 * <ul>
 * <li>a value handed to a reader stays readable until it is closed, in every process: no read fails, no value handed
 * out is unreadable or corrupt, though both processes evict all the time;</li>
 * <li>the level stays within its capacity plus one batch (capacity - low watermark) plus one value at every sample of
 * its folder, whatever the number of readers and processes.</li>
 * </ul>
 * The values all have one size, so the bound on bytes is a bound on their number, and the level is a flat lake, so that
 * its folder can be counted at one instant ({@link LevelSampler}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BoundedLevelUnderLoadTest {
    private static final int SIZE = 8 << 10;
    private static final long CAPACITY = 512 << 10;
    private static final int VALUES = 160;
    /**
     * Capacity plus one batch (what a batch evicts: the capacity down to the default low watermark), in values, plus
     * the one copy that crossed it: a copy starts only into a level that holds no more than capacity plus one batch.
     */
    private static final int BOUND = (int) ((CAPACITY + CAPACITY - (long) (CAPACITY * Capacity.DEFAULT_LOW_WATERMARK))
                                            / SIZE) + 1;
    private static final Duration READING = Duration.ofSeconds(6);

    @TempDir
    Path temp;

    private Path ssd;
    private Path hdd;
    private List<Key> keys;
    private BoundedLevelReaderMain.Child child;

    @BeforeEach
    void lakes() {
        hdd = temp.resolve("hdd");
        ssd = temp.resolve("ssd");
        keys = BoundedLevelReaderMain.fill(hdd, VALUES, SIZE);
        DiskLocation.open(ssd, DiskConfig.defaults().withLevels(List.of(-1))).close();
    }

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null) {
            child.kill();
        }
    }

    private Levels tree() {
        return Levels.ofLevels(Level.of(DiskLocation.open(ssd)).withWrite(false)
                .withCapacity(Capacity.ofBytes(CAPACITY)), Level.of(DiskLocation.open(hdd)));
    }

    @Test
    void eightReaderThreadsKeepTheLevelWithinCapacityPlusOneBatchAndGetEveryValueWhole() throws Exception {
        Levels tree = tree();
        BoundedReaders.Counts counts;
        List<Integer> samples;
        try (LevelSampler sampler = new LevelSampler(ssd)) {
            counts = BoundedReaders.run(tree, keys, 8, READING, 1);
            samples = sampler.stop();
        }
        assertThat(counts.allIntact()).as("every value handed out read whole and intact: %s", counts.line()).isTrue();
        assertThat(counts.read()).as("values read").isGreaterThan(100);
        assertThat(tree.evictor(0).orElseThrow().stats().evicted()).as("evictions").isPositive();
        assertWithinBound(samples);
    }

    /**
     * Issue 24: two JVMs reading through one bounded level of 512 KiB, each copying values up and evicting: reads failed
     * with NoSuchFileException on the cache file, and values were handed out that could not be read.
     */
    @Test
    void twoProcessesReadingThroughOneBoundedLevelGetEveryValueWholeAndKeepItWithinTheBound() throws Exception {
        Path errors = temp.resolve("child.err");
        child = BoundedLevelReaderMain.start(errors, ssd.toString(), hdd.toString(), Long.toString(CAPACITY), "2",
                Long.toString(READING.toMillis()), "2");
        BufferedReader out = child.out();
        Levels tree = tree();
        BoundedReaders.Counts counts;
        List<Integer> samples;
        try (LevelSampler sampler = new LevelSampler(ssd)) {
            counts = BoundedReaders.run(tree, keys, 2, READING, 1);
            String line = out.readLine();
            assertThat(line).as("the child's counts; its errors: %s", Files.readString(errors)).isNotNull();
            BoundedReaders.Counts other = BoundedReaders.Counts.parse(line);
            samples = sampler.stop();
            assertThat(other.allIntact()).as("the other JVM's reads: %s", other.line()).isTrue();
            assertThat(other.read()).as("the other JVM's reads").isGreaterThan(100);
            assertThat(out.readLine()).as("the other JVM's batches").doesNotEndWith(" evicted 0");
        }
        assertThat(counts.allIntact()).as("this JVM's reads: %s", counts.line()).isTrue();
        assertThat(tree.evictor(0).orElseThrow().stats().evicted()).as("this JVM's evictions").isPositive();
        assertWithinBound(samples);
    }

    private static void assertWithinBound(List<Integer> samples) {
        String summary = LevelSampler.summary(samples, (int) (CAPACITY / SIZE));
        assertThat(samples).as("samples").hasSizeGreaterThan(100);
        assertThat(samples.stream().filter(held -> held > BOUND).count())
                .as("samples of the level above capacity plus one batch plus one value (%d values): %s", BOUND, summary)
                .isZero();
        assertThat(samples.stream().mapToInt(Integer::intValue).max().orElseThrow()).as("the level filled up: %s", summary)
                .isGreaterThanOrEqualTo((int) (CAPACITY / SIZE) - 1);
    }
}
