/**
 * The tiered-lake example: memory over disk over S3 (an s3proxy it starts); reads copy values up.
 */
package io.tarn.examples;
