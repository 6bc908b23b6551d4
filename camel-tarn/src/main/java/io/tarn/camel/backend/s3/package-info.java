/**
 * The S3 location through camel-aws2-s3 (tarn's S3 layout, tags for labels and usage, multipart) and its s3: spec leaf.
 */
package io.tarn.camel.backend.s3;
