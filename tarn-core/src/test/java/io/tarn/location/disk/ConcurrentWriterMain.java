package io.tarn.location.disk;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.lake.Lake;

/**
 * A child process of {@link ConcurrencyTest}: waits for a go file, then writes the same values as its siblings into
 * one lake folder (twice: in order, then shuffled) and reads every one back. Exit code 0 = every write returned
 * the right key and every read matched.
 * <p>
 * Arguments: lake root, go file, ready file, worker number.
 */
public final class ConcurrentWriterMain {
    /** How many values every worker writes. */
    public static final int COUNT = 200;

    private ConcurrentWriterMain() {
    }

    /** Value number {@code i}: mostly small; every 20th is over the lake's 64 KiB memory limit (spooled, renamed). */
    public static byte[] value(int i) {
        int size = i % 20 == 0 ? 70_000 + i : 1 + (i * 37) % 3000;
        return TestData.bytes(size, 1_000_003L * i);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path go = Path.of(args[1]);
        Path ready = Path.of(args[2]);
        int worker = Integer.parseInt(args[3]);
        try {
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                values.add(value(i));
            }
            Files.writeString(ready, "ready");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(go)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no go file " + go);
                }
                Thread.sleep(2);
            }
            // every worker creates or opens the lake at the same moment
            Lake lake = Lake.open(root);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                order.add(i);
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int i : order) {
                    byte[] bytes = values.get(i);
                    Key key = lake.write(bytes);
                    String expected = TestData.sha256Hex(bytes);
                    if (!key.hex().equals(expected)) {
                        throw new AssertionError("value " + i + ": key " + key + " != " + expected);
                    }
                }
                Collections.shuffle(order, new Random(worker));
            }
            for (int i = 0; i < COUNT; i++) {
                byte[] bytes = values.get(i);
                try (Value value = lake.get(lake.key(TestData.sha256Hex(bytes))); InputStream in = value.open()) {
                    byte[] read = in.readAllBytes();
                    if (!java.util.Arrays.equals(read, bytes)) {
                        throw new AssertionError("value " + i + " reads back as " + read.length + " other bytes");
                    }
                }
            }
            System.out.println("worker " + worker + " wrote " + COUNT + " values twice, key of the last: "
                               + HexFormat.of().formatHex(TestData.digest("SHA-256", values.get(COUNT - 1))));
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
