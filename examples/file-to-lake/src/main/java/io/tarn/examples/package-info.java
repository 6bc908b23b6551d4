/**
 * The main example: files from a folder into the embedded default disk lake.
 */
package io.tarn.examples;
