package io.tarn.memo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code whose changes must invalidate memoized results that depend on it: Python tarn's {@code mark_unstable}.
 * The fingerprint of a memoized processor follows calls into a method marked {@code @Unstable}, into every method of
 * a class marked {@code @Unstable} (and its nested classes), and into every class of a package whose
 * {@code package-info.java} is marked {@code @Unstable}. Unmarked code that the processor calls is taken as stable:
 * changing it does not invalidate anything (as in Python tarn). The processor's own class is always counted.
 * <p>
 * The annotation is read from bytecode, so no class is loaded to look for it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.PACKAGE })
public @interface Unstable {
}
