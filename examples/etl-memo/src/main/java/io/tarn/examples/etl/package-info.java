/**
 * The memoized ETL example: a pipeline whose steps rerun only when their input or code changes.
 */
package io.tarn.examples.etl;
