/**
 * The YAML DSL example: routes in YAML over a lake declared by name in application.properties.
 */
package io.tarn.examples;
