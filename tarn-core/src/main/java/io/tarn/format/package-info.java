/**
 * The shared text formats more than one location or option reads: human-friendly sizes ({@code 10MiB}, {@code
 * 1G}) and durations ({@code 90d}, {@code 1h30m}).
 */
package io.tarn.format;
