package io.tarn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tarn.Ingest;
import io.tarn.Key;
import io.tarn.Value;
import io.tarn.format.Sizes;
import io.tarn.lake.Lake;

/**
 * What {@code ingest=move} costs by file size, against the copy it saves. In each round the same {@code count} files
 * of {@code size} bytes (written and synced, untimed) are moved into a disk lake ({@code Lake.write(path, labels,
 * Ingest.MOVE)}: a file the lake may adopt becomes the stored value itself, once the lake made sure that no process
 * can still write it), and, in alternating order, copied in and deleted ({@code Ingest.COPY}, then the file's name
 * removed: what a move does with a file it does not adopt); each is timed up to and including the flush of what it
 * stored (fsync of the stored file and its folder, as
 * {@link IngestFloor} does). A round's ratio is the move over the copy. The writer check alone (one look
 * through {@code /proc} at every open descriptor and shared mapping, {@code io.tarn.lake.FileWriters.find}) is timed too,
 * as the median of {@code count} looks at one file.
 * <p>
 * Usage: {@code MoveCost <rounds> <work folder> <count>x<size>...}, e.g. {@code 7 /tmp/move-cost 200x100KiB 20x16MiB
 * 1x1GiB}.
 */
public final class MoveCost {

    /** Medians in nanoseconds for all the files of a round, the ratios move/copy of the rounds, the check's median. */
    record Result(int count, long size, long move, long copy, Measure.Ratios ratios, long check, long checkCpu,
                  int descriptors) {
        @Override
        public String toString() {
            return String.format("%d x %s: move %.1f ms, copy and delete %.1f ms, move/copy %s; the writer check %.2f ms"
                                 + " (%.2f ms of CPU) a look at %,d open descriptors (%.1f%% of a move)", count,
                    Sizes.format(size), move / 1e6, copy / 1e6, ratios.format(), check / 1e6, checkCpu / 1e6, descriptors,
                    100.0 * check * count / move);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        for (int i = 2; i < args.length; i++) {
            String[] series = args[i].split("x", 2);
            System.out.println(measure(Integer.parseInt(series[0]), Sizes.parse(series[1], "size"), rounds, work));
        }
    }

    static Result measure(int count, long size, int rounds, Path work) throws Exception {
        Measure.removeTree(work);
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Path root = work.resolve("lake");
        List<Long> moves = new ArrayList<>();
        List<Long> copies = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Long> checks = new ArrayList<>();
        List<Long> checkCpus = new ArrayList<>();
        Method check = IngestFloor.writerCheck();
        try (Lake lake = Lake.open(root)) {
            ingest(lake, inbox, count, size, Ingest.MOVE); // warm-up, uncounted
            ingest(lake, inbox, count, size, Ingest.COPY);
            for (int round = 0; round < rounds; round++) {
                long move;
                long copy;
                if (round % 2 == 0) {
                    move = ingest(lake, inbox, count, size, Ingest.MOVE);
                    copy = ingest(lake, inbox, count, size, Ingest.COPY);
                } else {
                    copy = ingest(lake, inbox, count, size, Ingest.COPY);
                    move = ingest(lake, inbox, count, size, Ingest.MOVE);
                }
                moves.add(move);
                copies.add(copy);
                ratios.add((double) move / copy);
                if (System.getenv("TARN_BENCH_ROUNDS") != null) {
                    System.err.printf("%d x %s round %d: move %.1f ms, copy %.1f ms, %.3f%n", count, Sizes.format(size),
                            round, move / 1e6, copy / 1e6, (double) move / copy);
                }
            }
            Path one = write(inbox.resolve("checked.bin"), Math.min(size, 1 << 20), 0);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; check != null && i < Math.max(count, 20); i++) {
                long cpu = threads.getCurrentThreadCpuTime();
                checks.add(Measure.nanos(() -> check.invoke(null, one)));
                checkCpus.add(threads.getCurrentThreadCpuTime() - cpu);
            }
        } finally {
            Measure.removeTree(work);
        }
        return new Result(count, size, Measure.median(moves), Measure.median(copies), Measure.Ratios.of(ratios),
                Measure.median(checks), Measure.median(checkCpus), descriptors());
    }

    /** Writes the files anew (synced, untimed), stores them all as {@code ingest} says, flushed; then empties the lake. */
    private static long ingest(Lake lake, Path inbox, int count, long size, Ingest ingest) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(write(inbox.resolve("file-" + i + ".bin"), size, i));
        }
        Measure.sync();
        List<Key> keys = new ArrayList<>();
        long took = Measure.nanos(() -> {
            for (Path file : files) {
                Key key = lake.write(file, Set.of(), ingest);
                if (ingest == Ingest.COPY) {
                    Files.delete(file);
                }
                try (Value stored = lake.get(key)) {
                    IngestFloor.flush(stored.file().orElseThrow());
                }
                keys.add(key);
            }
        });
        for (Path file : files) {
            if (Files.exists(file)) {
                throw new IllegalStateException(ingest + " left " + file);
            }
        }
        keys.forEach(lake::delete);
        Measure.sync();
        return took;
    }

    /** How many open descriptors the writer check looks at: those of every process this one may inspect. */
    private static int descriptors() throws IOException {
        int count = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"),
                entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                String[] names = process.resolve("fd").toFile().list();
                count += names == null ? 0 : names.length;
            }
        }
        return count;
    }

    private static Path write(Path file, long size, int seed) throws Exception {
        try (OutputStream out = Files.newOutputStream(file); InputStream in = IngestHarness.generated(size, seed)) {
            in.transferTo(out);
        }
        return file;
    }

}
