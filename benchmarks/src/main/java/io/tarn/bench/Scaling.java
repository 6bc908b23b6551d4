package io.tarn.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tarn.Key;
import io.tarn.lake.Lake;

/**
 * How the cost of writing through the Lake API grows with the size of a value and with the number of values, each
 * point next to plain file writes of the same bytes (same folder fan-out) measured right after it. Points are
 * {x, microseconds per value}. What they write is left in the work folder until the end of the run (see
 * {@link Measure#discard}).
 */
final class Scaling {
    record Series(List<double[]> tarn, List<double[]> plain) {
        Series() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    private Scaling() {
    }

    /** Each point is the median of this many measurements (tarn, then plain, alternating), as single ones stall. */
    static final int REPEATS = 3;

    static Series bySize(Path work, long[] sizes, long budgetPerSize) throws Exception {
        Series series = new Series();
        for (long size : sizes) {
            int reps = (int) Math.max(1, Math.min(500, budgetPerSize / size));
            List<Long> tarn = new ArrayList<>();
            List<Long> plainTimes = new ArrayList<>();
            for (int repeat = 0; repeat < REPEATS; repeat++) {
                Path root = work.resolve("size-" + size + "-" + repeat);
                Path plain = root.resolve("plain");
                Files.createDirectories(plain);
                try (Lake lake = Lake.open(root.resolve("lake"))) {
                    List<Key> keys = new ArrayList<>();
                    Measure.sync();
                    tarn.add(Measure.nanos(() -> {
                        for (int i = 0; i < reps; i++) {
                            try (InputStream in = input(size, i)) {
                                keys.add(lake.write(in));
                            }
                        }
                    }));
                    Measure.sync();
                    plainTimes.add(Measure.nanos(() -> {
                        for (int i = 0; i < reps; i++) {
                            try (InputStream in = input(size, i)) {
                                Files.copy(in, plain.resolve("v" + i));
                            }
                        }
                    }));
                }
            }
            series.tarn.add(new double[] {size, Measure.median(tarn) / 1e3 / reps});
            series.plain.add(new double[] {size, Measure.median(plainTimes) / 1e3 / reps});
        }
        return series;
    }

    /** Small values are built in memory; large ones are streamed (never whole in memory). */
    private static InputStream input(long size, int i) {
        return size <= (1 << 20) ? new ByteArrayInputStream(Measure.value(40, i, (int) size))
                : IngestHarness.generated(size, 40L * 1000 + i);
    }

    /**
     * Points up to 10^5 values are medians of {@link #REPEATS} measurements, larger ones are measured once.
     *
     * @param stopAfterNanos counts after the one whose tarn writes took longer than this are skipped
     * @param skipped        receives the counts skipped
     */
    static Series byCount(Path work, int[] counts, long stopAfterNanos, List<Integer> skipped) throws Exception {
        Series series = new Series();
        boolean stop = false;
        for (int n : counts) {
            if (stop) {
                skipped.add(n);
                continue;
            }
            List<Long> tarn = new ArrayList<>();
            List<Long> plainTimes = new ArrayList<>();
            for (int repeat = 0; repeat < (n <= 100_000 ? REPEATS : 1); repeat++) {
                Path root = work.resolve("count-" + n + "-" + repeat);
                Path plain = root.resolve("plain");
                try (Lake lake = Lake.open(root.resolve("lake"))) {
                    Measure.sync();
                    tarn.add(Measure.nanos(() -> {
                        for (int i = 0; i < n; i++) {
                            lake.write(Measure.value(50, i, LakeBenchmarks.SIZE));
                        }
                    }));
                    boolean[] made = new boolean[256];
                    Measure.sync();
                    plainTimes.add(Measure.nanos(() -> {
                        for (int i = 0; i < n; i++) {
                            int folder = i & 0xff;
                            Path dir = plain.resolve(String.format("%02x", folder));
                            if (!made[folder]) {
                                Files.createDirectories(dir);
                                made[folder] = true;
                            }
                            Files.write(dir.resolve(Integer.toHexString(i)), Measure.value(50, i, LakeBenchmarks.SIZE));
                        }
                    }));
                }
            }
            long t = Measure.median(tarn);
            series.tarn.add(new double[] {n, t / 1e3 / n});
            series.plain.add(new double[] {n, Measure.median(plainTimes) / 1e3 / n});
            stop = t > stopAfterNanos;
        }
        return series;
    }

}
