/**
 * {@link io.tarn.lake.Lake}, the facade a user holds over a location tree: it hashes what it is given while spooling
 * it, in one pass and constant memory, and stores it under its key; {@link io.tarn.lake.Folders} chooses the engine
 * of a folder's lake.
 */
package io.tarn.lake;
