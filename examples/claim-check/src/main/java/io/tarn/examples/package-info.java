/**
 * The claim-check example: keys, not bodies, through a slow queue (bodyAsKey).
 */
package io.tarn.examples;
