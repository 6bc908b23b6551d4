/**
 * The change-feed example: writers publish each stored value on Kafka; a consumer group hands them on.
 */
package io.tarn.examples;
