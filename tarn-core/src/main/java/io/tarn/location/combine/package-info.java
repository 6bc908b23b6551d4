/**
 * The combinators that nest locations into a tree, as Python tarn's: Levels, Fanout, Small, ReadOnly, plus Verified,
 * and the rules a tree must keep so that an acknowledged write is never held only where it may be dropped.
 */
package io.tarn.location.combine;
