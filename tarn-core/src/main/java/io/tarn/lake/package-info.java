/**
 * {@link io.tarn.lake.Lake}, the facade a user holds over a location tree: it hashes what it is given while spooling
 * it, in one pass and constant memory, and stores it under its key.
 */
package io.tarn.lake;
