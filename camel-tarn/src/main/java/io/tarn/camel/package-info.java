/**
 * The tarn: component: component, endpoint, configuration, producer (one method per operation), consumer, headers,
 * health check and idempotent repository; it translates exchanges into Lake calls.
 */
package io.tarn.camel;
