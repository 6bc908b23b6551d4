package io.tarn.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.tarn.Key;
import io.tarn.camel.backend.memory.CaffeineLocation;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.combine.Levels;
import io.tarn.location.combine.Small;
import io.tarn.location.disk.DiskLocation;

/**
 * In-process figures through the Lake API, one operation per call: P2 (write a new 1 KiB value to a disk lake) and
 * P3 (read one of {@code values} 1 KiB values through Levels(Small(Caffeine), disk), against the same disk alone).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LakeBenchmarks {
    static final int SIZE = 1024;

    @Param("10000")
    public int values;

    private Path work;
    private CamelContext camel;
    private Lake disk;
    private Lake levels;
    private Lake writes;
    private Key[] keys;
    private int next;
    private int written;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        work = Measure.scratch("tarn-jmh-");
        camel = new DefaultCamelContext();
        camel.start();
        DiskLocation location = DiskLocation.open(work.resolve("lake"));
        disk = new Lake(location);
        levels = new Lake(memoryOverDisk(camel, location));
        writes = Lake.open(work.resolve("writes"));
        keys = new Key[values];
        for (int i = 0; i < values; i++) {
            keys[i] = disk.write(Measure.value(0, i, SIZE));
        }
        // the fixture's writes (and the last fork's clean-up) must not be written back during the measurement
        Measure.sync();
    }

    /**
     * P3's lake: Levels(Small(Caffeine), disk), a 64 MiB memory level taking values up to 64 KiB over the disk, a cache
     * level ({@code cache=true}: writes rest on the disk). JMH's {@code Level} is the one imported here.
     */
    static Location memoryOverDisk(CamelContext camel, DiskLocation disk) {
        Small memory = new Small(new CaffeineLocation(camel, "hot", 64L << 20, 64 << 10), 64 << 10);
        return Levels.ofLevels(io.tarn.location.combine.Level.of(memory).withCache(true), io.tarn.location.combine.Level.of(disk));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        levels.close();
        camel.close();
        Measure.discard(work);
    }

    private Key nextKey() {
        Key key = keys[next];
        next = next + 1 == keys.length ? 0 : next + 1;
        return key;
    }

    @Benchmark
    public long readDisk() throws Exception {
        return Measure.drain(disk.get(nextKey()));
    }

    @Benchmark
    public long readLevels() throws Exception {
        return Measure.drain(levels.get(nextKey()));
    }

    @Benchmark
    public Key write() {
        return writes.write(Measure.value(1, written++, SIZE));
    }
}
