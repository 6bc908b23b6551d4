/**
 * The steps of the memoized ETL example, each a processor whose bytecode is its fingerprint.
 */
package io.tarn.examples.etl.steps;
