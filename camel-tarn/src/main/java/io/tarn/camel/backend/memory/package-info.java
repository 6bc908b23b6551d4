/**
 * The in-memory location through camel-caffeine, bounded by total bytes, and its caffeine: spec leaf.
 */
package io.tarn.camel.backend.memory;
