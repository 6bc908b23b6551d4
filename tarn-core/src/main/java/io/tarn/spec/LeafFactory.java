package io.tarn.spec;

import java.util.Set;
import java.util.function.Supplier;

import io.tarn.location.Location;

/**
 * Makes the leaves of one scheme ({@code disk:}, {@code s3:}, ...) of a location spec, in two steps: {@link #parse}
 * checks the leaf's text and makes nothing; the supplier it returns makes the location, and is called only once the
 * whole spec has been read and found valid. Factories without context are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.tarn.spec.LeafFactory}); those that need a context (a CamelContext) are
 * handed to {@link LocationSpec#parse(String, LocationSpec.Leaves, java.util.Collection)}.
 */
public interface LeafFactory {

    /** The schemes this factory makes, the text before the first {@code ':'} of a leaf, e.g. {@code disk}. */
    Set<String> schemes();

    /**
     * @param leaf the whole leaf text, scheme included, e.g. {@code disk:/mnt/ssd} or {@code s3:bucket?region=x}
     * @return what makes the location; nothing is made before it is called
     * @throws BadLeafException when the text is not a leaf of this scheme, saying what was expected and found
     * @throws io.tarn.LocationSpecException for any other error of the leaf's own grammar
     */
    Supplier<Location> parse(String leaf);

    /**
     * What {@link Location#mayDropWrites()} of the location {@code leaf} makes will say, told before it is made, so that
     * the parser refuses a tree that could lose an acknowledged write before it makes anything. Called only on a leaf
     * {@link #parse} took.
     */
    default boolean mayDropWrites(String leaf) {
        return false;
    }

    /** A leaf whose text is not what its scheme expects; the parser adds the position in the spec. */
    final class BadLeafException extends RuntimeException {
        private final String expected;
        private final String found;

        public BadLeafException(String expected, String found) {
            super("expected " + expected + ", found " + found, null, false, false);
            this.expected = expected;
            this.found = found;
        }

        public String expected() {
            return expected;
        }

        public String found() {
            return found;
        }
    }
}
