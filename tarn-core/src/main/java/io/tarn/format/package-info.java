/**
 * The text formats Python tarn and camel-tarn share, and that every location reading a tarn lake reads alike: a disk
 * lake's {@code config.yml} ({@link io.tarn.format.DiskConfig}, its locker record), the key layout, the labels file,
 * human-friendly sizes and durations.
 */
package io.tarn.format;
