/**
 * The lake's garbage collection: {@link io.tarn.lifecycle.GcPolicy} says what may go (by last use, keeping labels,
 * memo outputs no index entry references), {@link io.tarn.lifecycle.Gc} marks then sweeps leaf by leaf, safe against
 * live traffic, and reports in a {@link io.tarn.lifecycle.GcReport} (eviction of bounded cache levels is
 * {@link io.tarn.location.eviction.Evictor}'s, not gc's).
 */
package io.tarn.lifecycle;
