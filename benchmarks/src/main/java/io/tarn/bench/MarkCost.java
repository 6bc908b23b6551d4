package io.tarn.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.tarn.Key;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.disk.DiskLocation;

/**
 * What usage marks cost (issue 24: every lake camel-tarn creates keeps them, so that gc by age goes by use): the same
 * work on a disk lake with marks ({@code usage: StatUsage}, {@link DiskConfig#forNewLake()}) and on one without
 * (tarn's default), in rounds that run both back to back, in alternating order. Reads of stored 1 KiB values (each
 * read whole and closed: a read sets its mark's time), and writes of new ones (each creates its mark).
 */
final class MarkCost {
    static final int SIZE = 1024;

    /** Speeds (medians over the rounds) and the ratio with/without marks, round by round. */
    record Figures(int values, long readsPerSecond, long plainReadsPerSecond, Measure.Ratios reads,
                   long writesPerSecond, long plainWritesPerSecond, Measure.Ratios writes) {
    }

    private MarkCost() {
    }

    /**
     * @param values stored in each lake, then read in random order, {@code values} reads a round; as many new values
     *               written a round
     */
    static Figures measure(Path work, int values, int rounds) throws Exception {
        try (Lake marked = new Lake(DiskLocation.open(work.resolve("marked"), DiskConfig.forNewLake()));
             Lake plain = new Lake(DiskLocation.open(work.resolve("plain"), DiskConfig.defaults()))) {
            List<Key> keys = new ArrayList<>();
            for (int i = 0; i < values; i++) {
                keys.add(marked.write(Measure.value(79, i, SIZE)));
                plain.write(Measure.value(79, i, SIZE));
            }
            List<Long> read = new ArrayList<>();
            List<Long> plainRead = new ArrayList<>();
            List<Double> readRatios = new ArrayList<>();
            List<Long> written = new ArrayList<>();
            List<Long> plainWritten = new ArrayList<>();
            List<Double> writeRatios = new ArrayList<>();
            for (int round = -1; round < rounds; round++) { // round -1: warm-up, not counted
                int[] order = new Random(round).ints(values, 0, values).toArray();
                int series = 80 + round + 1;
                long r1;
                long r2;
                long w1;
                long w2;
                if (round % 2 == 0) {
                    r1 = Measure.nanos(() -> readAll(marked, keys, order));
                    r2 = Measure.nanos(() -> readAll(plain, keys, order));
                    w1 = Measure.nanos(() -> writeNew(marked, series, values));
                    w2 = Measure.nanos(() -> writeNew(plain, series, values));
                } else {
                    r2 = Measure.nanos(() -> readAll(plain, keys, order));
                    r1 = Measure.nanos(() -> readAll(marked, keys, order));
                    w2 = Measure.nanos(() -> writeNew(plain, series, values));
                    w1 = Measure.nanos(() -> writeNew(marked, series, values));
                }
                if (round >= 0) {
                    read.add(perSecond(values, r1));
                    plainRead.add(perSecond(values, r2));
                    readRatios.add((double) r2 / r1);
                    written.add(perSecond(values, w1));
                    plainWritten.add(perSecond(values, w2));
                    writeRatios.add((double) w2 / w1);
                }
            }
            return new Figures(values, Measure.median(read), Measure.median(plainRead), Measure.Ratios.of(readRatios),
                    Measure.median(written), Measure.median(plainWritten), Measure.Ratios.of(writeRatios));
        }
    }

    private static void readAll(Lake lake, List<Key> keys, int[] order) throws Exception {
        for (int i : order) {
            Measure.drain(lake.read(keys.get(i)).orElseThrow());
        }
    }

    private static void writeNew(Lake lake, int series, int values) {
        for (int i = 0; i < values; i++) {
            lake.write(Measure.value(series, i, SIZE));
        }
    }

    private static long perSecond(int count, long nanos) {
        return Math.round(count / (nanos / 1e9));
    }
}
