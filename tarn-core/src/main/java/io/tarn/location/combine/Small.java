package io.tarn.location.combine;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tarn.BoundedRead;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.Value;
import io.tarn.format.Sizes;
import io.tarn.location.Declines;
import io.tarn.location.ForwardingLocation;
import io.tarn.location.Location;

/**
 * Declines values above {@code maxSize} bytes, and empty ones, as Python tarn's {@code Small} does; never throws for
 * size. Everything else goes through to its location.
 */
public final class Small extends ForwardingLocation {
    private final long maxSize;

    public Small(Location inner, long maxSize) {
        super(inner);
        if (maxSize <= 0) {
            throw new IllegalArgumentException("small(): maxSize must be positive, got " + maxSize);
        }
        this.maxSize = maxSize;
    }

    public long maxSize() {
        return maxSize;
    }

    @Override
    public Optional<Value> write(Key key, Value value, Set<String> labels) {
        long size = value.size();
        if (size >= 0) {
            return size == 0 || size > maxSize ? tooLarge(size == 0 ? "empty" : size + " bytes") : inner.write(key, value, labels);
        }
        // unknown length: read at most maxSize + 1 bytes to decide, and hand on what was read
        byte[] head;
        try {
            head = BoundedRead.bytes(key, value, maxSize, this);
        } catch (IOException e) {
            throw new LocationException("small(" + inner + "): could not read the value for key " + key, e);
        }
        if (head == null || head.length == 0) {
            return tooLarge(head == null ? "over " + Sizes.format(maxSize) : "empty");
        }
        return inner.write(key, Value.of(head), labels);
    }

    private Optional<Value> tooLarge(String what) {
        return Declines.decline(this, "takes values of 1 byte to " + Sizes.format(maxSize) + ", not " + what);
    }

    @Override
    public Location withChildren(List<Location> members) {
        return new Small(members.get(0), maxSize);
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((Small) o).maxSize == maxSize;
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + Long.hashCode(maxSize);
    }

    @Override
    public String toString() {
        return "small(" + inner + ", " + Sizes.format(maxSize) + ")";
    }
}
