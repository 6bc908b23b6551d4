/**
 * The Spring Boot example: lakes, a bean leaf and health from application.properties, and a memoized step.
 */
package io.tarn.examples;
