package io.tarn.camel.backend;

import java.util.function.Consumer;

/**
 * The base of a backend's settings that are too many for a record: immutable once made, each {@code with…} method
 * returns a changed copy ({@link #with}), so settings can be shared and reused freely.
 *
 * @param <S> the settings type
 */
public abstract class Settings<S extends Settings<S>> implements Cloneable {
    /** A copy of these settings with {@code change} applied to it; these stay as they are. */
    @SuppressWarnings("unchecked")
    protected final S with(Consumer<S> change) {
        S copy;
        try {
            copy = (S) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
        change.accept(copy);
        return copy;
    }
}
