/**
 * Memoization of Camel processors and sub-routes: {@link io.tarn.camel.memo.Memoize}, the memoizer, route fingerprints,
 * and how output bodies are stored and handed on.
 */
package io.tarn.camel.memo;
