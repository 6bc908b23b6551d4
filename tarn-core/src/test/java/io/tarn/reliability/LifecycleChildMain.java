package io.tarn.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.lake.Lake;
import io.tarn.lifecycle.GcPolicy;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.eviction.Capacity;

/**
 * The child of {@link LifecycleCrashTest}, killed while it works. {@code evict SSD HDD SEED}: reads random keys of the
 * lake in HDD through a cache level in SSD bounded to 30 values, so that it evicts in batches all the time.
 * {@code gc ROOT}: collects the lake's values older than a day, again and again (after one dry run). Prints "working"
 * once started.
 */
public final class LifecycleChildMain {
    static final int CAPACITY = 30;

    private LifecycleChildMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("evict")) {
            DiskLocation hdd = DiskLocation.open(Path.of(args[2]));
            List<Key> keys;
            try (Stream<Key> stored = hdd.keys(null)) {
                keys = stored.toList();
            }
            Levels tree = Levels.ofLevels(Level.of(DiskLocation.open(Path.of(args[1]))).withWrite(false)
                    .withCapacity(Capacity.ofValues(CAPACITY)), Level.of(hdd));
            Random random = new Random(Long.parseLong(args[3]));
            System.out.println("working");
            System.out.flush();
            while (true) {
                try (Value value = tree.read(keys.get(random.nextInt(keys.size()))).orElseThrow()) {
                    value.open().close();
                }
            }
        }
        Lake lake = Lake.open(Path.of(args[1]));
        // a dry run first (classes loaded, the lake's folders in the page cache), so that the kill, at most 300 ms
        // after "working", falls among removals however loaded the machine is
        lake.gc(GcPolicy.olderThan(Duration.ofDays(1)).dryRun(true));
        System.out.println("working");
        System.out.flush();
        while (true) {
            lake.gc(GcPolicy.olderThan(Duration.ofDays(1)));
        }
    }
}
