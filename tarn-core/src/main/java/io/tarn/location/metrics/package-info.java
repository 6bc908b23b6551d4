/** Counting what each node of a location tree does (reads, writes, bytes, failures, copy-ups, evictions). */
package io.tarn.location.metrics;
