package io.tarn.location;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tarn.HashAlgorithm;
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

    /** Reports corrupt values without deleting them: nothing is removed through a read-only location. */
    @Override
    public VerifyReport verify(HashAlgorithm algorithm, boolean allTemporaryFiles) {
        return VerifyReport.walk(this, algorithm, false);
    }

    @Override
    public Location withChildren(List<Location> members) {
        return new ReadOnly(members.get(0));
    }

    @Override
    public String toString() {
        return "readonly(" + inner + ")";
    }
}
