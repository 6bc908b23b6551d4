/**
 * Memoization without Camel: code fingerprints from bytecode (and {@link io.tarn.memo.Unstable}), the memo index and
 * its entries, single flight across JVMs, and why a step missed ({@link io.tarn.memo.MissReason}, from the runs
 * {@link io.tarn.memo.StepHistory} keeps in the index; the last ones in memory in {@link io.tarn.memo.RecentMisses}).
 */
package io.tarn.memo;
