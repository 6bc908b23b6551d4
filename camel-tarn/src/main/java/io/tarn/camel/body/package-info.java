/**
 * How Camel message bodies (streams, files, GenericFile, byte[], String, stream caches) become lake values, and values
 * become bodies.
 */
package io.tarn.camel.body;
