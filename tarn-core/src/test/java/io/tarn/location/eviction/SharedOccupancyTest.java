package io.tarn.location.eviction;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.TestData;
import io.tarn.lake.Lake;
import io.tarn.location.BoundedLevelReaderMain;
import io.tarn.location.Location;
import io.tarn.location.Occupancy;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;

import static io.tarn.location.Occupancy.Count.RESERVED_BYTES;
import static io.tarn.location.Occupancy.Count.RESERVED_VALUES;
import static io.tarn.location.Occupancy.Count.STORED_VALUES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evictors of one bounded disk level count together, in this JVM and in others ({@link Occupancy}, the lake's
 * {@code tools/occupancy}), and a copy killed mid-way leaves no reservation behind once a batch finds no copy under way.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SharedOccupancyTest {
    private static final long CAPACITY = 100_000;

    @TempDir
    Path temp;

    private BoundedLevelReaderMain.Child child;

    @AfterEach
    void kill() throws InterruptedException {
        if (child != null) {
            child.kill();
        }
    }

    private Evictor evictor() {
        Levels tree = Levels.ofLevels(Level.of(DiskLocation.open(temp.resolve("ssd"))).withWrite(false)
                .withCapacity(Capacity.ofBytes(CAPACITY)), Level.of(DiskLocation.open(temp.resolve("hdd"))));
        return tree.evictor(0).orElseThrow();
    }

    private void startReservingChild() throws Exception {
        child = BoundedLevelReaderMain.start(temp.resolve("child.err"), "reserve", temp.resolve("ssd").toString(),
                temp.resolve("hdd").toString(), Long.toString(CAPACITY));
    }

    @Test
    void evictorsOfOneLevelCountTogetherInThisJvmAndInAnother() throws Exception {
        Evictor first = evictor();
        Evictor second = evictor();
        Admission.Reservation reservation = first.reserve(700).orElseThrow();
        assertThat(second.occupancy().get(RESERVED_BYTES)).as("a copy of another tree, seen").isEqualTo(700);
        startReservingChild();
        assertThat(second.occupancy().get(RESERVED_BYTES)).as("and one of another JVM").isEqualTo(1700);
        assertThat(second.occupancy().get(RESERVED_VALUES)).isEqualTo(2);
        reservation.cancel();
        reservation.cancel(); // once only
        assertThat(first.occupancy().get(RESERVED_BYTES)).isEqualTo(1000);

        Lake hdd = new Lake(DiskLocation.open(temp.resolve("hdd")));
        Levels tree = Levels.ofLevels(Level.of(DiskLocation.open(temp.resolve("ssd"))).withWrite(false)
                .withCapacity(Capacity.ofBytes(CAPACITY)), Level.of(hdd.location()));
        Location.closeQuietly(tree.read(hdd.write(TestData.bytes(100, 1))).orElseThrow());
        assertThat(first.occupancy().get(STORED_VALUES)).as("a copy-up of a third tree, counted").isEqualTo(1);
    }

    @Test
    void aCopyKilledMidWayLeavesNoReservationOnceABatchFindsNoCopyUnderWay() throws Exception {
        Evictor evictor = evictor();
        startReservingChild();
        assertThat(evictor.occupancy().get(RESERVED_BYTES)).isEqualTo(1000);
        evictor.evict(null);
        assertThat(evictor.occupancy().get(RESERVED_BYTES)).as("a copy under way keeps its reservation")
                .isEqualTo(1000);
        child.kill(); // SIGKILL: its lock on the reservations goes, its counts stay
        assertThat(evictor.occupancy().get(RESERVED_BYTES)).isEqualTo(1000);
        evictor.evict(null);
        assertThat(evictor.occupancy().get(RESERVED_BYTES)).as("forgotten by the next batch").isZero();
        assertThat(evictor.occupancy().get(RESERVED_VALUES)).isZero();
    }
}
