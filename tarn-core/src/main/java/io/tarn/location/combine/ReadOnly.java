package io.tarn.location.combine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.Value;
import io.tarn.location.Declines;
import io.tarn.location.Evictable;
import io.tarn.location.ForwardingLocation;
import io.tarn.location.Location;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;

/** Reads through to its location; declines every write, deletes and touches nothing. Python tarn's ReadOnly. */
public final class ReadOnly extends ForwardingLocation {

    public ReadOnly(Location inner) {
        super(inner);
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        return Declines.decline(this, "read-only, it takes no writes");
    }

    @Override
    public boolean delete(Key key) {
        return false;
    }

    @Override
    public boolean touch(Key key) {
        return false;
    }

    /** It acknowledges no write, so it drops none, whatever its location may do to the values it reads. */
    @Override
    public boolean mayDropWrites() {
        return false;
    }

    /** It acknowledges no write, so it drops no labels. */
    @Override
    public boolean keepsLabels() {
        return true;
    }

    /** Nothing is evicted or collected through a read-only location. */
    @Override
    public Optional<Evictable> evictable() {
        return Optional.empty();
    }

    /**
     * Reports corrupt values and foreign entries without removing anything: nothing is removed through a read-only
     * location.
     */
    @Override
    public VerifyReport verify(HashAlgorithm algorithm, VerifyOptions options) {
        return inner.verify(algorithm, options.reportingOnly());
    }

    /** Nothing is staged in a location that takes no writes. */
    @Override
    public List<Path> spoolFolders() {
        return List.of();
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
