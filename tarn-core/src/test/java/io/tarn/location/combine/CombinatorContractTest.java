package io.tarn.location.combine;

import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.format.DiskConfig;
import io.tarn.location.Entry;
import io.tarn.location.ForwardingLocation;
import io.tarn.location.Location;
import io.tarn.location.LocationContract;
import io.tarn.location.disk.DiskLocation;

/** The location contract on every combinator, each over disk lakes that keep labels and usage. */
class CombinatorContractTest {
    @TempDir
    Path root;

    DiskLocation disk(String name) {
        return DiskLocation.open(root.resolve(name), DiskConfig.defaults().withTools());
    }

    @Nested
    class LevelsOfTwoDisks extends LocationContract {
        @Override
        protected Location createLocation() {
            return Levels.of(disk("upper"), disk("lower"));
        }
    }

    @Nested
    class FanoutOfTwoDisks extends LocationContract {
        @Override
        protected Location createLocation() {
            return Fanout.of(disk("first"), disk("second"));
        }
    }

    @Nested
    class SmallOverADisk extends LocationContract {
        @Override
        protected Location createLocation() {
            return new Small(disk("small"), 64L << 20);
        }
    }

    @Nested
    class NestedLevelsFanoutLevels extends LocationContract {
        @Override
        protected Location createLocation() {
            return Levels.of(new Small(disk("hot"), 1024), Fanout.of(disk("hdd1"), Levels.of(disk("hdd2"), disk("old"))));
        }
    }

    /** ReadOnly declines writes by contract: the values are written into its inner location, then used through it. */
    @Nested
    class ReadOnlyOverADisk extends LocationContract {
        @Override
        protected Location createLocation() {
            return new WritingThrough(disk("readonly"));
        }
    }

    /** Writes go to the inner disk; everything else to a ReadOnly over it, as a reader of a shared lake sees it. */
    static final class WritingThrough extends ForwardingLocation {
        private final ReadOnly readOnly;

        WritingThrough(Location inner) {
            super(inner);
            this.readOnly = new ReadOnly(inner);
        }

        @Override
        public java.util.Optional<io.tarn.Value> read(io.tarn.Key key) {
            return readOnly.read(key);
        }

        @Override
        public boolean contains(io.tarn.Key key) {
            return readOnly.contains(key);
        }

        @Override
        public java.util.stream.Stream<Entry> contents() {
            return readOnly.contents();
        }

        @Override
        public java.util.Set<String> labels(io.tarn.Key key) {
            return readOnly.labels(key);
        }
    }
}
