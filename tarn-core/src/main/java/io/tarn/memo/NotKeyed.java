package io.tarn.memo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Leaves a field of a memoized processor out of its fingerprint: state that does not change what the processor
 * computes (a counter, a cache, a metrics registry, a client). Every other field counts by its value (see
 * {@link Fingerprinter}); {@code fingerprint.describe()} names the fields left out.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface NotKeyed {
}
