package io.tarn.location;

import java.nio.file.NoSuchFileException;
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
 * the key (removed, unless the location is read-only), how many stale temporary files were cleared, the foreign
 * entries met (a symbolic link, folder or special file where a value or a temporary file belongs: named with what it
 * is, and whether it was removed), and how many entries vanished while they were being looked at (removed by a
 * concurrent verify, delete or reader: skipped, never an error).
 */
public record VerifyReport(long checked, List<Key> corrupt, long removedTemporaryFiles, List<String> foreign,
                           long vanished) {
    public static final VerifyReport EMPTY = new VerifyReport(0, List.of(), 0, List.of(), 0);

    public VerifyReport {
        corrupt = List.copyOf(corrupt);
        foreign = List.copyOf(foreign);
    }

    /** A report of values checked and corrupt ones only. */
    public VerifyReport(long checked, List<Key> corrupt, long removedTemporaryFiles) {
        this(checked, corrupt, removedTemporaryFiles, List.of(), 0);
    }

    public VerifyReport plus(VerifyReport other) {
        List<Key> keys = new ArrayList<>(corrupt);
        keys.addAll(other.corrupt);
        List<String> entries = new ArrayList<>(foreign);
        entries.addAll(other.foreign);
        return new VerifyReport(checked + other.checked, keys, removedTemporaryFiles + other.removedTemporaryFiles,
                entries, vanished + other.vanished);
    }

    public VerifyReport withRemovedTemporaryFiles(long count) {
        return new VerifyReport(checked, corrupt, removedTemporaryFiles + count, foreign, vanished);
    }

    public VerifyReport withForeign(List<String> entries, long vanishedEntries) {
        return plus(new VerifyReport(0, List.of(), 0, entries, vanishedEntries));
    }

    /**
     * Re-hashes every listed value read through {@code reader}; a value that does not hash to its key is handed to
     * {@code remove}. A key listed but gone when read or hashed (deleted meanwhile) is counted as vanished.
     */
    public static VerifyReport check(Stream<Entry> entries, HashAlgorithm algorithm, Function<Entry, Optional<Value>> reader,
                                     Predicate<Entry> remove) {
        long checked = 0;
        long vanished = 0;
        List<Key> corrupt = new ArrayList<>();
        try (entries) {
            for (Entry entry : (Iterable<Entry>) entries::iterator) {
                Optional<Value> value = reader.apply(entry);
                if (value.isEmpty()) {
                    vanished++;
                    continue;
                }
                Optional<Boolean> intact;
                try {
                    intact = hashes(entry.key(), value.get(), algorithm, entry.location());
                } finally {
                    Location.closeQuietly(value.get());
                }
                if (intact.isEmpty()) {
                    vanished++;
                    continue;
                }
                checked++;
                if (!intact.get()) {
                    corrupt.add(entry.key());
                    remove.test(entry);
                }
            }
        }
        return new VerifyReport(checked, corrupt, 0, List.of(), vanished);
    }

    /** The default walk of a leaf: read each listed key through the location itself. */
    static VerifyReport walk(Location location, HashAlgorithm algorithm, boolean remove) {
        return check(location.contents(), algorithm, entry -> entry.location().read(entry.key()),
                entry -> remove && entry.location().delete(entry.key()));
    }

    /**
     * Whether the value hashes to the key; empty when it vanished under the reading (a file removed meanwhile). A
     * value that is not intact, or vanished, is closed.
     */
    public static Optional<Boolean> hashes(Key key, Value value, HashAlgorithm algorithm, Object where) {
        try {
            if (algorithm.matches(key, value, where)) {
                return Optional.of(true);
            }
        } catch (LocationException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
            Location.closeQuietly(value);
            return Optional.empty();
        }
        Location.closeQuietly(value);
        return Optional.of(false);
    }
}
