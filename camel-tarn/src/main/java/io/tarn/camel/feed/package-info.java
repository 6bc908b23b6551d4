/**
 * The change feed of a lake on a log reached through a Camel component (camel-kafka): what a writer publishes once a
 * value is stored, its format, and the options a feed endpoint needs.
 */
package io.tarn.camel.feed;
