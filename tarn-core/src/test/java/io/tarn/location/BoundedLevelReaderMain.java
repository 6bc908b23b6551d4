package io.tarn.location;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;
import io.tarn.location.eviction.Capacity;
import io.tarn.location.eviction.Evictor;

/**
 * The second JVM of {@link BoundedLevelUnderLoadTest}: reads the keys of the lake in HDD through a cache level in SSD
 * bounded to CAPACITY bytes, with THREADS threads for MILLIS ms ({@link BoundedReaders}), so that it copies values up
 * and evicts them while the test's JVM does the same. Arguments {@code SSD HDD CAPACITY THREADS MILLIS SEED}; prints
 * {@code ready} once the tree is open, then the readers' counts ({@link BoundedReaders.Counts#line()}), then
 * {@code batches B evicted E}. With {@code reserve SSD HDD CAPACITY}: reserves room for a copy of 1000 bytes into the
 * level, prints {@code reserved} and waits to be killed, as a copy killed mid-way.
 */
public final class BoundedLevelReaderMain {
    private BoundedLevelReaderMain() {
    }

    /** This main running in a child JVM, and its standard output. */
    public record Child(Process process, BufferedReader out) {
        /** Kills it (SIGKILL) and waits for it to end. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts this main in a child JVM on this class path and waits for its {@code ready} or {@code reserved}. */
    public static Child start(Path errors, String... arguments) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), BoundedLevelReaderMain.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"ready".equals(first) && !"reserved".equals(first)) {
            process.destroyForcibly();
            throw new IllegalStateException("The child did not start (" + first + "): " + Files.readString(errors));
        }
        return new Child(process, out);
    }

    /** Writes {@code count} values of {@code size} bytes ({@code TestData.bytes(size, i)}) into a disk lake: their keys. */
    public static List<Key> fill(Path root, int count, int size) {
        DiskLocation disk = DiskLocation.open(root);
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = TestData.bytes(size, i);
            Key key = TestData.sha256Key(bytes);
            disk.write(key, Value.of(bytes), Set.of()).ifPresent(Location::closeQuietly);
            keys.add(key);
        }
        return keys;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("reserve")) {
            Levels tree = Levels.ofLevels(Level.of(DiskLocation.open(Path.of(args[1]))).withWrite(false)
                    .withCapacity(Capacity.ofBytes(Long.parseLong(args[3]))), Level.of(DiskLocation.open(Path.of(args[2]))));
            tree.evictor(0).orElseThrow().reserve(1000).orElseThrow();
            System.out.println("reserved");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
        DiskLocation hdd = DiskLocation.open(Path.of(args[1]));
        List<Key> keys;
        try (Stream<Key> stored = hdd.keys(null)) {
            keys = stored.toList();
        }
        Capacity capacity = Capacity.ofBytes(Long.parseLong(args[2]));
        if (args.length > 6) {
            capacity = capacity.withLowWatermark(Double.parseDouble(args[6]));
        }
        Levels tree = Levels.ofLevels(Level.of(DiskLocation.open(Path.of(args[0]))).withWrite(false)
                .withCapacity(capacity), Level.of(hdd));
        System.out.println("ready");
        System.out.flush();
        BoundedReaders.Counts counts = BoundedReaders.run(tree, keys, Integer.parseInt(args[3]),
                Duration.ofMillis(Long.parseLong(args[4])), Long.parseLong(args[5]));
        Evictor.Stats stats = tree.evictor(0).orElseThrow().stats();
        System.out.println(counts.line());
        System.out.println("batches " + stats.batches() + " evicted " + stats.evicted());
        System.out.flush();
    }
}
