package io.tarn.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * P2, P3 and P6 through routes, once each, as one line a script compares between two builds (a restructuring must not
 * slow them): {@code p2} new 1 KiB writes/s from 1 thread and {@code p2x4} from 4, {@code p3} µs per read through
 * Levels(Small(Caffeine), disk), {@code p6} µs per read through the Redis location. Run it alternately from the two
 * builds' class paths, several times, and compare the medians (a noisy machine moves both alike).
 * <p>
 * Usage: {@code HotPaths --work /tmp/dir [--values 10000] [--rounds 3]}
 */
public final class HotPaths {
    private HotPaths() {
    }

    public static void main(String[] args) throws Exception {
        Path work = null;
        int values = 10_000;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath();
                case "--values" -> values = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                                                              + "; usage: HotPaths --work dir [--values N] [--rounds N]");
            }
        }
        if (work == null) {
            throw new IllegalArgumentException("--work is required: a folder for the lakes (removed first)");
        }
        Measure.removeTree(work);
        Files.createDirectories(work);
        RouteFigures.Pair p2 = RouteFigures.writesThroughRoute(work, values, rounds, 1);
        RouteFigures.Pair p2x4 = RouteFigures.writesThroughRoute(work, values, rounds, 4);
        RouteFigures.Pair p3 = RouteFigures.readsThroughRoute(work, values, rounds);
        RouteFigures.Pair p6 = RouteFigures.redisReads(values, rounds);
        System.out.printf("p2=%.0f p2x4=%.0f p3=%.2f p6=%.2f%n", values / (p2.candidate() / 1e9),
                values / (p2x4.candidate() / 1e9), p3.candidateMicros(), p6.candidateMicros());
        Measure.removeTree(work);
    }
}
