/**
 * Python tarn's shared text formats that more than one location reads: human-friendly sizes ({@code 10MiB}, {@code
 * 1G}).
 */
package io.tarn.format;
