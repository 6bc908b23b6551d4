/**
 * Spring Boot auto-configuration of the tarn component: binds {@code camel.component.tarn.*} onto it, as Camel's own
 * starters do for theirs.
 */
package io.tarn.camel.springboot;
