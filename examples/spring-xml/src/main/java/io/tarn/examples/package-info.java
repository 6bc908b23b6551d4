/**
 * The Spring XML example: routes over a tree of beans, migrating a lake lazily.
 */
package io.tarn.examples;
