/**
 * The Micrometer meters of the tarn component's lakes ({@link TarnMeters}): the only package that needs Micrometer,
 * an optional dependency; {@link Micrometer} says whether it is there without loading any of it.
 */
package io.tarn.camel.metrics;
