/**
 * The Location SPI: what a location does (read, write, delete, touch, contents, verify), the capabilities it may offer
 * as {@code Optional}s (ordered keys, changes, a companion lake, local files, eviction, locks), and the bases and
 * helpers implementations share.
 */
package io.tarn.location;
