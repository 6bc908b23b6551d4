package io.tarn.lake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.tarn.HashAlgorithm;
import io.tarn.Ingest;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.location.Location;
import io.tarn.location.combine.Verified;

/**
 * Stores a local file taken into a lake ({@link Ingest#MOVE}, {@link Ingest#LINK}): the file is taken ({@link Taken}),
 * its value stored, a moved file's name removed; a file that was not stored is given back as it was, and one found
 * written to after it was hashed is taken out of the lake again and given back, so that a key never names bytes that
 * do not hash to it.
 */
final class TakeIn {
    /** How the lake stores a spooled value in its tree (the caller closes the value). */
    interface Store {
        Key place(Spooled spooled, Set<String> labels) throws IOException;
    }

    private final Location location;
    private final HashAlgorithm algorithm;
    private final List<Path> spoolFolders;
    private final int memoryLimit;
    private final Store store;

    TakeIn(Location location, HashAlgorithm algorithm, List<Path> spoolFolders, int memoryLimit, Store store) {
        this.location = location;
        this.algorithm = algorithm;
        this.spoolFolders = spoolFolders;
        this.memoryLimit = memoryLimit;
        this.store = store;
    }

    /** Stores the file (see {@link Lake#write(Path, Set, Ingest)}); {@code afterStore} is given the key once stored. */
    Key write(Path file, Set<String> labels, Ingest ingest, Consumer<Key> afterStore) {
        Taken taken;
        try {
            taken = Taken.take(file, algorithm, spoolFolders, memoryLimit);
        } catch (SpoolTarget.SpoolException e) {
            throw new LocationException("Could not store the file " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LocationException("Could not move the file " + file + " into the lake: " + e.getMessage(), e);
        }
        Key key = null;
        try (taken) {
            try {
                key = store.place(taken.spooled(), labels);
            } catch (RuntimeException e) {
                taken.giveBack(); // not stored (declined, a collision): the file stays as it was, mode included
                throw e;
            }
            Optional<String> left = ingest == Ingest.MOVE ? taken.removeSource() : Optional.empty();
            afterStore.accept(key);
            if (taken.changedSinceHashed()) {
                throw takenBack(taken, file, key);
            }
            if (left.isPresent()) {
                throw new LocationException("The file " + file + " is stored as " + key.hex() + " but was left where it is:"
                                            + " " + left.get(), null);
            }
            return key;
        } catch (IOException e) {
            throw new LocationException("The file " + file + (key == null ? " could not be moved into the lake: "
                    : " is stored as " + key.hex() + ", but moving it failed afterwards: ") + e, e);
        }
    }

    /**
     * Takes the value of an adopted file that was written to after it was stored out of the lake again (every copy of
     * the key that does not hash to it, checked under each disk's write lock: a copy another writer stored meanwhile
     * stays) and gives the file back where it was.
     */
    private LocationException takenBack(Taken taken, Path file, Key key) {
        String where;
        IOException notGivenBack = null;
        try {
            where = "the file is at " + taken.giveBack() + " as it was before it was moved";
        } catch (IOException e) {
            notGivenBack = e;
            where = e.getMessage();
        }
        int removed = Verified.removeCorruptCopies(location, key, algorithm);
        return new LocationException("The file " + file + " was written to after it was hashed as " + key.hex()
                                     + ", while it was being moved into the lake: " + (removed == 0
                                             ? "the lake holds no copy of what it became" : removed == 1
                                             ? "its copy was taken out of the lake"
                                             : removed + " copies of it were taken out of the lake")
                                     + ", and " + where + ". Store it once nothing writes to it", notGivenBack);
    }
}
