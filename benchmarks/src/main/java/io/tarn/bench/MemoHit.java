package io.tarn.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;

import io.tarn.camel.TarnConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * P4 alone, paired: what a memo hit adds to a route, as the difference between the same sub-route called through
 * {@code tarn:...?operation=memo} (a hit: the body was memoized once first) and called plainly, 1 KiB body, both in
 * one JVM, in interleaved rounds (a round of plain calls, then one of memo hits), so that a shared machine's load
 * weighs on both sides of each difference alike. The JMH figure of the full run ({@link MemoBenchmarks}) measures the
 * two sides in separate forks, minutes apart. Prints the median added time per hit and its quartiles over the rounds,
 * and writes them into their block of performance.md.
 * <p>
 * Usage: {@code MemoHit [--out src-docs] [--rounds N] [--calls N] [--warm-up seconds]} ({@code bin/bench --memo})
 */
final class MemoHit {
    static final String BEGIN = "<!-- memo hit: begin (bin/bench --memo) -->";
    static final String END = "<!-- memo hit: end -->";

    private MemoHit() {
    }

    /** Medians in µs of a round's per-call times, and the added time's quartiles over the rounds. */
    record Result(int rounds, int calls, double plain, double memo, double systemCalls, double added, double addedLow,
                  double addedHigh, String line) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("../src-docs");
        int rounds = 31;
        int calls = 5_000;
        int warmUp = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--warm-up" -> warmUp = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: MemoHit [--out dir] [--rounds N] [--calls N] [--warm-up seconds]");
            }
        }
        run(out, rounds, calls, warmUp);
    }

    /** Measures, prints the line and writes it into its block of performance.md under {@code out}. */
    static Result run(Path out, int rounds, int calls, int warmUp) throws Exception {
        String loadBefore = LifecycleBench.load();
        Path work = Measure.scratch("tarn-memo-hit-");
        double[] plain = new double[rounds];
        double[] memo = new double[rounds];
        double[] added = new double[rounds];
        double[] floor = new double[rounds];
        try (CamelContext camel = RouteFigures.context()) {
            camel.addRoutes(MemoBenchmarks.routes(work.resolve("lake")));
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            byte[] body = Measure.value(2, 0, LakeBenchmarks.SIZE);
            String memoKey = template.request("direct:memo", e -> e.getIn().setBody(body)).getMessage()
                    .getHeader("CamelTarnMemoKey", String.class);
            try (SystemCalls bare = new SystemCalls(work.resolve("lake"), memoKey)) {
                long warmUntil = System.nanoTime() + warmUp * 1_000_000_000L;
                while (System.nanoTime() < warmUntil) {
                    perCall(template, "direct:plain", body, calls / 10);
                    perCall(template, "direct:memo", body, calls / 10);
                    bare.perCall(calls / 10);
                }
                for (int r = 0; r < rounds; r++) {
                    plain[r] = perCall(template, "direct:plain", body, calls);
                    memo[r] = perCall(template, "direct:memo", body, calls);
                    floor[r] = bare.perCall(calls);
                    added[r] = memo[r] - plain[r];
                }
            }
        } finally {
            Measure.discard(work);
        }
        String loadAfter = LifecycleBench.load();
        double[] sorted = added.clone();
        Arrays.sort(sorted);
        String line = String.format("memo hit, 1 KiB body: %.1f µs added (quartiles %.1f–%.1f over %d rounds of %,d calls);"
                                    + " memo hit %.1f µs, same route without memo %.1f µs; the system calls of a hit"
                                    + " alone (%s) %.1f µs (medians)",
                median(added), sorted[rounds / 4], sorted[rounds * 3 / 4], rounds, calls, median(memo), median(plain),
                SystemCalls.WHAT, median(floor));
        System.out.println(line);
        String block = BEGIN + "\n**P4 alone** (`bin/bench --memo`, " + LocalDate.now() + ", load average (1, 5, 15 min) before → after: "
                       + loadBefore + " → " + loadAfter + " on " + Runtime.getRuntime().availableProcessors()
                       + " cores, lake in `" + work.getParent() + "`): " + line + ". Each round times " + String.format("%,d", calls)
                       + " plain calls, then as many memo hits, then the hit's system calls alone, in one JVM after " + warmUp
                       + " s of all three; goal ≤ 10 µs added.\n" + END + "\n";
        PageBlock.write(out.resolve("performance.md"), BEGIN, END, block);
        return new Result(rounds, calls, median(plain), median(memo), median(floor), median(added), sorted[rounds / 4],
                sorted[rounds * 3 / 4], line);
    }

    /**
     * The 11 file-system calls a memo hit on a disk lake makes, alone, from Java, on the same files: the floor of a hit
     * that keeps the lake's guarantees (no link followed, the output's use lock held while it is read, its use marked).
     * The lock is taken on a file of its own beside the lake's {@code tools/locks} (closing a second channel on that
     * file would drop the lake's locks of this process).
     */
    static final class SystemCalls implements AutoCloseable {
        static final int COUNT = 11;
        static final String WHAT = "index entry known: lstat; output: fcntl lock, lstat, open, read, close,"
                                   + " its usage mark's times set as the lake sets them (lstat, open, futimens, close),"
                                   + " fcntl unlock";
        private static final java.util.Set<java.nio.file.OpenOption> READ = java.util.Set.of(
                java.nio.file.StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        private final Path entry;
        private final Path output;
        private final Path mark;
        private final Path lockFile;
        private final java.nio.channels.FileChannel locks;
        private final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 16);

        SystemCalls(Path lake, String memoKey) throws Exception {
            entry = lake.resolve("tools/memo").resolve(memoKey.substring(0, 2)).resolve(memoKey.substring(2));
            String json = java.nio.file.Files.readString(entry);
            java.util.regex.Matcher key = java.util.regex.Pattern.compile("\"output\": \"([0-9a-f]+)\"").matcher(json);
            if (!key.find()) {
                throw new IllegalStateException("no output in the memo entry " + entry + ": " + json);
            }
            String hex = key.group(1);
            output = lake.resolve(hex.substring(0, 2)).resolve(hex.substring(2));
            mark = lake.resolve("tools/usage").resolve(hex.substring(0, 2)).resolve(hex.substring(2));
            for (Path file : new Path[] {output, mark}) {
                if (!java.nio.file.Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new IllegalStateException("the lake's layout is not the one assumed: no file " + file);
                }
            }
            lockFile = lake.resolve("tools/floor-locks");
            locks = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
        }

        double perCall(int calls) throws Exception {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                // the entry read before: the index is asked whether it still holds the key (DiskLocation.contains)
                if (!java.nio.file.Files.readAttributes(entry,
                        java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                    throw new IllegalStateException("the memo entry is gone: " + entry);
                }
                java.nio.channels.FileLock lock = locks.tryLock(i & 0xffff, 1, true);
                read(output);
                java.nio.file.attribute.FileTime now = java.nio.file.attribute.FileTime.from(java.time.Instant.now());
                java.nio.file.Files.getFileAttributeView(mark, java.nio.file.attribute.BasicFileAttributeView.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).setTimes(now, now, null);
                lock.release();
            }
            return (System.nanoTime() - start) / 1e3 / calls;
        }

        private void read(Path file) throws Exception {
            long size = java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).size();
            buffer.clear().limit((int) size);
            try (java.nio.channels.SeekableByteChannel in = java.nio.file.Files.newByteChannel(file, READ)) {
                in.read(buffer);
            }
        }

        @Override
        public void close() throws Exception {
            locks.close();
            java.nio.file.Files.deleteIfExists(lockFile);
        }
    }

    /** Microseconds per call over {@code calls} calls of the route, each checked. */
    private static double perCall(ProducerTemplate template, String uri, byte[] body, int calls) {
        boolean memo = uri.equals("direct:memo");
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            Exchange done = template.request(uri, e -> e.getIn().setBody(body));
            if (done.getException() != null || memo && !Boolean.TRUE.equals(done.getMessage().getHeader(TarnConstants.MEMO_HIT))) {
                throw new IllegalStateException(uri + " call failed or missed: CamelTarnMemoHit="
                        + done.getMessage().getHeader(TarnConstants.MEMO_HIT), done.getException());
            }
        }
        return (System.nanoTime() - start) / 1e3 / calls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
