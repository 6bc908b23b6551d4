/**
 * The read-only HTTP location over a tarn lake served by nginx (autoindex JSON listing) through camel-http, and its
 * http:// and https:// spec leaves.
 */
package io.tarn.camel.backend.http;
