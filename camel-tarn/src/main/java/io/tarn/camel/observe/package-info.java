/**
 * What a running application shows of its lakes: the {@code tarn} dev console ({@link TarnDevConsole}) and a JMX
 * managed resource per lake ({@link ManagedLake}), both reading the counts of each location of a metered lake
 * ({@link io.tarn.location.metrics.Metered}) through {@link LakeReport}, with the lakes the component lists through
 * {@link ObservedLakes} (the Micrometer meters are in {@code io.tarn.camel.metrics}).
 */
package io.tarn.camel.observe;
