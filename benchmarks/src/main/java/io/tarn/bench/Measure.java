package io.tarn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.tarn.Value;

/** What every figure shares: distinct small values, timing, medians, draining a value. */
final class Measure {
    private Measure() {
    }

    interface Step {
        void run() throws Exception;
    }

    static long nanos(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return System.nanoTime() - start;
    }

    /**
     * Writes dirty pages out ({@code sync}), untimed, so that a measurement does not pay for the writeback of the one
     * before it: on this kind of machine that stalls file writes for seconds, at random. Best effort.
     */
    static void sync() {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (IOException e) {
            // no sync command: measure anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Set by {@link Bench} for its JMH forks: scratch folders go there and are removed after the whole run. */
    static final String WORK_PROPERTY = "tarn.bench.work";

    /** A new scratch folder: under the run's work folder when {@link Bench} runs this, else a temporary one. */
    static Path scratch(String prefix) throws IOException {
        String work = System.getProperty(WORK_PROPERTY);
        if (work == null) {
            return Files.createTempDirectory(prefix);
        }
        Files.createDirectories(Path.of(work));
        return Files.createTempDirectory(Path.of(work), prefix);
    }

    /**
     * Removes a scratch folder now, or leaves it for the end of the run when {@link Bench} runs this: deleting many
     * thousands of files (on a file system mounted with {@code discard}, as here) keeps the disk busy for a while,
     * and the next measurement would pay for it.
     */
    static void discard(Path folder) throws IOException {
        if (System.getProperty(WORK_PROPERTY) == null) {
            removeTree(folder);
        }
    }

    /** rm -rf: much faster than a Java walk over a million small files. */
    static void removeTree(Path root) throws IOException {
        try {
            if (new ProcessBuilder("rm", "-rf", root.toString()).inheritIO().start().waitFor() != 0) {
                org.apache.camel.util.FileUtil.removeDir(root.toFile());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while removing " + root, e);
        }
    }

    /**
     * Ratios measured round by round (each against its baseline in the same round, the two run back to back): their
     * median and quartiles. A device whose speed drifts or swings during a run (this disk's small-write floor went
     * from 4,500 to 15,800 values/s within minutes) moves both sides of a round alike, so the ratio of a round says
     * more than the ratio of two medians taken apart.
     */
    record Ratios(double median, double low, double high, int rounds) {
        static final Ratios NONE = new Ratios(0, 0, 0, 0);

        static Ratios of(List<Double> ratios) {
            if (ratios.isEmpty()) {
                return NONE;
            }
            List<Double> sorted = new ArrayList<>(ratios);
            Collections.sort(sorted);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Ratios(median, sorted.get((n - 1) / 4), sorted.get(n - 1 - (n - 1) / 4), n);
        }

        /** "1.02×" with " (quartiles 0.97–1.05 of N rounds)" when there were enough rounds for quartiles. */
        String format() {
            return rounds < 4 ? String.format("%.2f×", median)
                    : String.format("%.2f× (quartiles %.2f–%.2f of %d rounds)", median, low, high, rounds);
        }
    }

    /** The median, or 0 for a figure that was not measured (no values). */
    static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Value number {@code i} of a series: {@code size} bytes, distinct for every (series, i). */
    static byte[] value(int series, int i, int size) {
        byte[] bytes = new byte[size];
        long x = ((long) series << 32) ^ i ^ 0x9E3779B97F4A7C15L;
        for (int k = 0; k < size; k++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[k] = (byte) x;
        }
        bytes[0] = (byte) i;
        bytes[1] = (byte) (i >>> 8);
        bytes[2] = (byte) (i >>> 16);
        bytes[3] = (byte) series;
        return bytes;
    }

    /** Reads a value to its end (the benchmarks read only small values whole); returns the byte count. */
    static long drain(Value value) throws IOException {
        try (value; InputStream in = value.open()) {
            return in.readAllBytes().length;
        }
    }
}
