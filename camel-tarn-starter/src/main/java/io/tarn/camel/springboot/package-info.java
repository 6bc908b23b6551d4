/**
 * Spring Boot auto-configuration of the tarn component: binds {@code camel.component.tarn.*} onto it, as Camel's own
 * starters do for theirs, with the code camel-spring-boot's generator writes (src/generated) and what the generator
 * cannot know (strict binding, options read from their text, the endpoint defaults bean, no default base directory).
 */
package io.tarn.camel.springboot;
