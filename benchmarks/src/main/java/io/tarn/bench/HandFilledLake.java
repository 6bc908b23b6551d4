package io.tarn.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tarn.format.DiskConfig;
import io.tarn.location.disk.DiskLocation;

/**
 * The lake of the lake-size series: values of {@link LakeSize#SIZE} bytes put in place by hand, as another program
 * would, grown from one size to the next and set back to its filled state after each size's steps.
 */
final class HandFilledLake {
    /** tarn's default config.yml, as DiskConfig.defaults() writes it. */
    private static final String DEFAULT_CONFIG = "levels:\n- 1\n- -1\n";
    private static final int SIZE = LakeSize.SIZE;
    private static final int JOURNALED = LakeSize.JOURNALED;

    private HandFilledLake() {
    }

    /**
     * Values {@code from} to n of SIZE bytes put in the lake's folders by hand (levels [1, -1]), from one thread per
     * core: no journal line and no usage mark, and the lake's config.yml is tarn's default, as Python tarn would leave
     * it. A size grows the lake of the size before (10⁴ ⊂ 10⁵ ⊂ …): one lake to fill and remove, not one per size.
     */
    static void fill(Path root, int from, int n) throws Exception {
        if (from == 0) {
            DiskLocation.open(root, DiskConfig.defaults()).close();
            if (!Files.readString(root.resolve("config.yml")).equals(DEFAULT_CONFIG)) {
                throw new IllegalStateException("tarn's default config.yml is no longer " + DEFAULT_CONFIG);
            }
            for (int folder = 0; folder < 256; folder++) {
                Files.createDirectories(root.resolve(String.format("%02x", folder)));
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    HexFormat hex = HexFormat.of();
                    for (int i = from + first; i < n; i += threads) {
                        byte[] value = Measure.value(70, i, SIZE);
                        String key = hex.formatHex(sha.digest(value));
                        Files.write(root.resolve(key.substring(0, 2)).resolve(key.substring(2)), value);
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The lake as {@link #fill} left it, for the next size to grow it: the values the consume step wrote through
     * camel-tarn deleted, its tools (journal, locks) removed, its config.yml tarn's default again.
     */
    static void reset(Path root) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < JOURNALED; i++) {
            String key = hex.formatHex(sha.digest(Measure.value(71, i, SIZE)));
            Files.delete(root.resolve(key.substring(0, 2)).resolve(key.substring(2)));
        }
        Measure.removeTree(root.resolve("tools"));
        Files.writeString(root.resolve("config.yml"), DEFAULT_CONFIG);
    }

    /**
     * Fails before anything is filled when the work folder's file system cannot hold a lake of {@code n} values (an
     * inode and a 4 KiB block each, plus the 10,000 written through camel-tarn), naming what it has.
     */
    static void checkRoom(Path work, int n) throws Exception {
        Process df = new ProcessBuilder("df", "--output=iavail,avail", "-B1", work.toString()).redirectErrorStream(true)
                .start();
        List<String> lines = new String(df.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (df.waitFor() != 0 || lines.size() < 2) {
            return; // no df here: the fill itself will say
        }
        String[] free = lines.get(1).trim().split("\\s+");
        long needed = (long) n + 2 * JOURNALED + 10_000;
        long inodes = Long.parseLong(free[0]);
        long bytes = Long.parseLong(free[1]);
        if (inodes < needed || bytes < needed * 4096) {
            throw new IllegalStateException(String.format("A lake of %,d values needs about %,d inodes and %,d bytes;"
                    + " %s (%s) has %,d inodes and %,d bytes free: give --work a folder on a file system that has them"
                    + " (for 10⁷ values, a disk: tmpfs pages would need ~41 GB of memory)", n, needed, needed * 4096,
                    work, Files.getFileStore(work).type(), inodes, bytes));
        }
    }
}
