/**
 * Location spec text to a location tree: the parser knows no backend, makes leaves through the {@link
 * io.tarn.spec.LeafFactory} of their scheme, and makes nothing until the whole spec is valid.
 */
package io.tarn.spec;
