package io.tarn.location;

import java.util.Optional;

import io.tarn.CorruptionException;
import io.tarn.Key;
import io.tarn.Value;

/**
 * What a combinator's read remembers of corrupt copies while it walks its members: the first one is thrown only when
 * no member had an intact copy, the others are attached to it.
 */
final class CorruptCopies {
    private CorruptionException first;

    /** The member's value, or empty when it has none or its copy was corrupt (remembered). */
    Optional<Value> read(Location member, Key key) {
        try {
            return member.read(key);
        } catch (CorruptionException e) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
            return Optional.empty();
        }
    }

    /** The result of a read that found no intact copy: empty, or the corruption seen on the way. */
    Optional<Value> none() {
        if (first != null) {
            throw first;
        }
        return Optional.empty();
    }
}
