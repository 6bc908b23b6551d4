package io.tarn.location;

import java.util.Optional;
import java.util.Set;

import io.tarn.Key;
import io.tarn.Value;

/** Reads through to its location; declines every write, deletes and touches nothing. Python tarn's ReadOnly. */
public final class ReadOnly extends Wrapper {

    public ReadOnly(Location inner) {
        super(inner);
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        return Optional.empty();
    }

    @Override
    public boolean delete(Key key) {
        return false;
    }

    @Override
    public boolean touch(Key key) {
        return false;
    }

    @Override
    public String toString() {
        return "readonly(" + inner + ")";
    }
}
