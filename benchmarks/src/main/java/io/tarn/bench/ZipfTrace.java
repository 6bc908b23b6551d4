package io.tarn.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A read trace over n keys whose popularity follows Zipf's law (the key of rank r is read with probability
 * proportional to 1/r^s), ranks shuffled over the keys; and the hit ratio an ideal LRU cache of a given size has over
 * it, simulated in memory (the yardstick of P7).
 */
final class ZipfTrace {
    private ZipfTrace() {
    }

    /** {@code reads} indexes in [0, n), seeded. */
    static int[] of(int n, double s, int reads, long seed) {
        double[] cdf = new double[n];
        double total = 0;
        for (int rank = 0; rank < n; rank++) {
            total += 1 / Math.pow(rank + 1, s);
            cdf[rank] = total;
        }
        int[] keyOfRank = new int[n];
        for (int i = 0; i < n; i++) {
            keyOfRank[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = keyOfRank[i];
            keyOfRank[i] = keyOfRank[j];
            keyOfRank[j] = t;
        }
        int[] trace = new int[reads];
        for (int i = 0; i < reads; i++) {
            int rank = Arrays.binarySearch(cdf, random.nextDouble() * total);
            trace[i] = keyOfRank[rank < 0 ? Math.min(-rank - 1, n - 1) : rank];
        }
        return trace;
    }

    /**
     * The same trace with a working set that moves: the popularity of the keys shifts by n/phases keys at each of
     * {@code phases} equal parts of the trace (last month's hot data goes cold).
     */
    static int[] shifting(int n, double s, int reads, long seed, int phases) {
        int[] trace = of(n, s, reads, seed);
        for (int i = 0; i < reads; i++) {
            long phase = (long) i * phases / reads;
            trace[i] = (int) ((trace[i] + phase * n / phases) % n);
        }
        return trace;
    }

    /** Hits of an LRU cache of {@code capacity} entries over the trace, counted after each read (cumulative). */
    static long[] lruHits(int[] trace, int capacity) {
        Map<Integer, Boolean> cache = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
                return size() > capacity;
            }
        };
        long[] hits = new long[trace.length];
        long count = 0;
        for (int i = 0; i < trace.length; i++) {
            if (cache.get(trace[i]) != null) {
                count++;
            } else {
                cache.put(trace[i], Boolean.TRUE);
            }
            hits[i] = count;
        }
        return hits;
    }
}
