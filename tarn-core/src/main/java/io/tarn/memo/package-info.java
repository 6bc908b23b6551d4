/**
 * Memoization without Camel: code fingerprints from bytecode (and {@link io.tarn.memo.Unstable}), the memo index and
 * its entries, single flight across JVMs.
 */
package io.tarn.memo;
