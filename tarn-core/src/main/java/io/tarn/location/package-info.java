/**
 * The Location SPI (read, write, delete, touch, contents), its entries and verify reports, and the combinators Levels,
 * Fanout, Small, ReadOnly and Verified that nest locations into a tree.
 */
package io.tarn.location;
