/** {@link io.tarn.camel.idempotent.TarnIdempotentRepository}: Camel's idempotent consumer backed by a tarn lake. */
package io.tarn.camel.idempotent;
