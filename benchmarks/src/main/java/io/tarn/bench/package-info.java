/**
 * The benchmark harnesses of bin/bench: each figure measured against its baseline in the same run (never part of the tests).
 */
package io.tarn.bench;
