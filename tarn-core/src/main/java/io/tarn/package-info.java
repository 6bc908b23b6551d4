/**
 * The vocabulary every other package builds on: {@link io.tarn.Key}, {@link io.tarn.Value}, {@link io.tarn.HashAlgorithm},
 * how a file is taken in ({@link io.tarn.Ingest}) and the one hierarchy of errors; it depends on no other package.
 */
package io.tarn;
