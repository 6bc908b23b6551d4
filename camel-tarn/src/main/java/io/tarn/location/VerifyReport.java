package io.tarn.location;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.Value;

/**
 * What {@link Location#verify} found: how many stored values were re-hashed, the keys whose value did not hash to
 * the key (removed, unless the location is read-only), and how many stale temporary files were cleared.
 */
public record VerifyReport(long checked, List<Key> corrupt, long removedTemporaryFiles) {
    public static final VerifyReport EMPTY = new VerifyReport(0, List.of(), 0);

    public VerifyReport {
        corrupt = List.copyOf(corrupt);
    }

    public VerifyReport plus(VerifyReport other) {
        List<Key> keys = new ArrayList<>(corrupt);
        keys.addAll(other.corrupt);
        return new VerifyReport(checked + other.checked, keys, removedTemporaryFiles + other.removedTemporaryFiles);
    }

    public VerifyReport withRemovedTemporaryFiles(long count) {
        return new VerifyReport(checked, corrupt, removedTemporaryFiles + count);
    }

    /**
     * Re-hashes every listed value read through {@code reader}; a value that does not hash to its key is handed to
     * {@code remove}. A key listed but gone when read (deleted meanwhile) is not counted.
     */
    public static VerifyReport check(Stream<Entry> entries, HashAlgorithm algorithm, Function<Entry, Optional<Value>> reader,
                              Predicate<Entry> remove) {
        long checked = 0;
        List<Key> corrupt = new ArrayList<>();
        try (entries) {
            for (Entry entry : (Iterable<Entry>) entries::iterator) {
                Optional<Value> value = reader.apply(entry);
                if (value.isEmpty()) {
                    continue;
                }
                checked++;
                boolean intact;
                try (Value read = value.get()) {
                    intact = algorithm.matches(entry.key(), read, entry.location());
                } catch (IOException e) {
                    throw new LocationException("Could not release key " + entry.key().hex() + " at " + entry.location()
                                                + ": " + e, e);
                }
                if (!intact) {
                    corrupt.add(entry.key());
                    remove.test(entry);
                }
            }
        }
        return new VerifyReport(checked, corrupt, 0);
    }

    /** The default walk of a leaf: read each listed key through the location itself. */
    static VerifyReport walk(Location location, HashAlgorithm algorithm, boolean remove) {
        return check(location.contents(), algorithm, entry -> entry.location().read(entry.key()),
                entry -> remove && entry.location().delete(entry.key()));
    }
}
