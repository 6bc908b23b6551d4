package io.tarn.bench;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.tarn.Key;
import io.tarn.format.KeyLayout;
import io.tarn.lake.Lake;

/**
 * P2 against its floor: new 1 KiB values written through {@code Lake.write(byte[])} into a disk lake, next to a bare
 * loop of the system calls such a write needs, in the same folder layout (tarn's default [1, -1]): hash the bytes,
 * look whether the target exists, create a temporary file in {@code .tmp/}, write, close, link it into place, unlink
 * the temporary name, each timed with the flush of what it wrote ({@code sync}). Each round runs the two back to
 * back, in alternating order, each adding new values to its own folder of the same file system; one thread and
 * several; the median values/s of each and the median (and quartiles) of the rounds' ratios. With one thread Python
 * tarn writes values into lakes of its own between rounds (its own timing, see {@link PythonTarn}).
 * <p>
 * Usage: {@code SmallWrites <values per round> <rounds> <threads> <work folder>...}
 */
public final class SmallWrites {
    private static final int SIZE = LakeBenchmarks.SIZE;

    /**
     * Median values per second of each, for one file system and thread count; with several threads also
     * {@code Lake.writeAll} from that many threads ({@code batch}) and the floor from one thread ({@code floorOne}),
     * the figure a batch has to beat (zero with one thread). The ratios are those of each round's pair (see
     * {@link Measure.Ratios}).
     */
    record Result(Path folder, int threads, int values, int rounds, double lake, double floor, double python, double batch,
                  double floorOne, Measure.Ratios ratios, Measure.Ratios batchRatios) {
        double ratio() {
            return ratios.median();
        }

        double batchRatio() {
            return batchRatios.median();
        }
    }

    public static void main(String[] args) throws Exception {
        int values = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        for (int i = 3; i < args.length; i++) {
            Result r = measure(Path.of(args[i]).toAbsolutePath(), values, rounds, threads);
            System.out.printf("%s, %d thread(s), %d rounds of %d values: Lake.write %,.0f values/s, system-call floor %,.0f values/s,"
                              + " %s, Python tarn %,.0f values/s%n", r.folder, r.threads, r.rounds, r.values, r.lake, r.floor,
                    r.ratios.format(), r.python);
            if (r.threads > 1) {
                System.out.printf("  Lake.writeAll from %d threads %,.0f values/s, one-thread floor %,.0f values/s, %s%n",
                        r.threads, r.batch, r.floorOne, r.batchRatios.format());
            }
        }
    }

    /**
     * {@code rounds} rounds after one uncounted warm-up round, into one lake and one floor folder for the whole run
     * (the warm-up makes the layout's folders, so that no counted round pays for them): in each round the lake and its
     * floor write {@code values} new values back to back, in alternating order (the lake first in even rounds). Short
     * rounds, many of them: this disk's speed swings within seconds, and a round's two halves see the same device.
     * Python tarn writes five rounds' worth into a lake of its own every eighth round (its script makes a new lake).
     */
    static Result measure(Path work, int values, int rounds, int threads) throws Exception {
        Measure.removeTree(work);
        Files.createDirectories(work);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Long> lakeTimes = new ArrayList<>();
        List<Long> floorTimes = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> python = new ArrayList<>();
        List<Long> batchTimes = new ArrayList<>();
        List<Long> floorOneTimes = new ArrayList<>();
        List<Double> batchRatios = new ArrayList<>();
        // Python tarn writes from one thread: it is run beside the one-thread figures only
        Optional<PythonTarn> tarn = threads == 1 ? PythonTarn.find() : Optional.empty();
        boolean batches = threads > 1;
        // the batch figures are made from several threads only (a null resource is not closed)
        try (Lake lake = Lake.open(work.resolve("lake")); Lake batchLake = batches ? Lake.open(work.resolve("batch")) : null) {
            Floor floor = new Floor(work.resolve("floor"));
            Floor floorOne = batches ? new Floor(work.resolve("floor-one")) : null;
            for (int round = -1; round < rounds; round++) {
                int series = 1000 + round + 1; // new values in every round
                Measure.Step lakeRound = () -> {
                    Measure.sync();
                    lakeTimes.add(flushed(() -> parallel(pool, threads, values, i -> lake.write(Measure.value(series, i, SIZE)))));
                };
                Measure.Step floorRound = () -> {
                    Measure.sync();
                    floorTimes.add(flushed(() -> parallel(pool, threads, values, i -> floor.write(Measure.value(series, i, SIZE)))));
                };
                pair(round, lakeRound, floorRound);
                ratios.add((double) last(floorTimes) / last(lakeTimes));
                if (batches) {
                    // a batch handed over at once against the one-thread floor, both over values made beforehand
                    List<byte[]> batchValues = values(series, values);
                    Measure.Step batchRound = () -> {
                        Measure.sync();
                        batchTimes.add(flushed(() -> batchLake.writeAll(batchValues, Set.of(), threads)));
                    };
                    Measure.Step floorOneRound = () -> {
                        Measure.sync();
                        floorOneTimes.add(flushed(() -> {
                            for (byte[] value : batchValues) {
                                floorOne.write(value);
                            }
                        }));
                    };
                    pair(round, batchRound, floorOneRound);
                    batchRatios.add((double) last(floorOneTimes) / last(batchTimes));
                }
                if (round < 0) {
                    for (List<?> warmUp : List.of(lakeTimes, floorTimes, ratios, batchTimes, floorOneTimes, batchRatios)) {
                        warmUp.clear();
                    }
                } else if (System.getenv("TARN_BENCH_ROUNDS") != null) {
                    System.err.printf("%s %d thread(s) round %d: Lake.write %.3f of the floor%s%n", work, threads, round,
                            last(ratios), batches ? String.format(", writeAll %.3f", last(batchRatios)) : "");
                }
                if (tarn.isPresent() && round % 8 == 4) {
                    Path pyWork = Files.createDirectories(work.resolve("python-" + round));
                    Measure.sync();
                    int count = 5 * values;
                    double rate = tarn.get().smallWrites(pyWork, count, SIZE, 5000 + round);
                    // its own timing of the writes, then the flush of what they wrote, as for the others
                    long flush = Measure.nanos(Measure::sync);
                    python.add(count / (count / rate + flush / 1e9));
                }
            }
        } finally {
            pool.shutdownNow();
            Measure.removeTree(work);
        }
        python.sort(null);
        return new Result(work, threads, values, rounds, rate(values, lakeTimes), rate(values, floorTimes),
                python.isEmpty() ? 0 : python.get(python.size() / 2), rate(values, batchTimes), rate(values, floorOneTimes),
                Measure.Ratios.of(ratios), Measure.Ratios.of(batchRatios));
    }

    /** The two halves of a round back to back: the candidate first in even rounds, the floor first in odd ones. */
    private static void pair(int round, Measure.Step candidate, Measure.Step floor) throws Exception {
        if (Math.floorMod(round, 2) == 0) {
            candidate.run();
            floor.run();
        } else {
            floor.run();
            candidate.run();
        }
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    /**
     * The time of the writes and of the flush of what they wrote ({@code sync}): on a disk the page cache otherwise
     * decides what a round costs (the floor alone swung from 4,600 to 20,900 values/s between runs without it).
     */
    private static long flushed(Measure.Step writes) throws Exception {
        return Measure.nanos(() -> {
            writes.run();
            Measure.sync();
        });
    }

    private static double rate(int values, List<Long> nanos) {
        return nanos.isEmpty() ? 0 : values * 1e9 / Measure.median(nanos);
    }

    private static List<byte[]> values(int series, int count) {
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(Measure.value(series, i, SIZE));
        }
        return values;
    }

    private interface Write {
        void write(int i) throws Exception;
    }

    /** Values 0..count-1 written by {@code threads} threads, each taking the next number. */
    private static void parallel(ExecutorService pool, int threads, int count, Write write) throws Exception {
        AtomicLong next = new AtomicLong();
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            tasks.add(pool.submit(() -> {
                for (long i; (i = next.getAndIncrement()) < count; ) {
                    write.write((int) i);
                }
                return null;
            }));
        }
        for (Future<?> task : tasks) {
            task.get();
        }
    }

    /** The bare system calls of a write, with no checks, modes, locks or marks: what no lake can beat. */
    static final class Floor {
        private final Path root;
        private final Path tmp;
        private final Set<Path> folders = ConcurrentHashMap.newKeySet();
        private final AtomicLong parts = new AtomicLong();
        private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(Floor::sha256);

        Floor(Path root) throws IOException {
            this.root = root;
            this.tmp = Files.createDirectories(root.resolve(".tmp"));
        }

        void write(byte[] bytes) throws Exception {
            Key key = Key.of(digests.get().digest(bytes));
            Path file = root.resolve(KeyLayout.DEFAULT.relative(key));
            if (new File(file.toString()).exists()) {
                return;
            }
            Path folder = file.getParent();
            if (!folders.contains(folder)) {
                Files.createDirectories(folder);
                folders.add(folder);
            }
            Path part = tmp.resolve(key.hex() + "." + parts.incrementAndGet());
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(bytes));
            }
            Files.createLink(file, part);
            new File(part.toString()).delete();
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
