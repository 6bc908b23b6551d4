/**
 * What a user of the store holds: {@link io.tarn.Lake} (the facade over a location tree), {@link io.tarn.Key}, {@link
 * io.tarn.Value}, {@link io.tarn.HashAlgorithm} and the one hierarchy of errors; every other package builds on this
 * vocabulary.
 */
package io.tarn;
