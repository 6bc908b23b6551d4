package io.tarn.integration;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.impl.DefaultCamelContext;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.camel.TarnComponent;
import io.tarn.lake.Lake;

/**
 * A child process of {@link ConcurrentLakesTest}: once the go file appears, {@link #THREADS} threads write the same
 * values, each in its own order, into each lake named by a spec (disk, Redis, S3), then read every one back.
 * Exit code 0 = every write returned the right key and every read matched.
 * <p>
 * Arguments: go file, ready file, worker number, then one location spec per lake.
 */
public final class ConcurrentLakesWriterMain {
    public static final int THREADS = 8;
    public static final int COUNT = 24;

    private ConcurrentLakesWriterMain() {
    }

    /** Value {@code i}: every 8th above the 64 KiB memory limit (spooled, and a multi-part S3 upload candidate). */
    public static byte[] value(int i) {
        return TestData.bytes(i % 8 == 0 ? 100_000 + i : 1 + i * 97, 7_000_003L * i);
    }

    public static void main(String[] args) throws Exception {
        Path go = Path.of(args[0]);
        int worker = Integer.parseInt(args[2]);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            TarnComponent component = new TarnComponent();
            camel.addComponent("tarn", component);
            camel.start();
            List<Lake> lakes = new ArrayList<>();
            for (int i = 3; i < args.length; i++) {
                lakes.add(new Lake(component.parseSpec(args[i])));
            }
            Files.writeString(Path.of(args[1]), "ready");
            while (!Files.exists(go)) {
                Thread.sleep(2);
            }
            for (Lake lake : lakes) {
                writeFromThreads(lake, worker);
            }
            System.out.println("worker " + worker + ": " + THREADS + " threads wrote " + COUNT + " values into "
                               + lakes.size() + " lakes");
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void writeFromThreads(Lake lake, int worker) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t * 5 + worker * 3;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < COUNT; n++) {
                        byte[] bytes = value((offset + n) % COUNT);
                        Key key = lake.write(bytes);
                        if (!key.hex().equals(TestData.sha256Hex(bytes))) {
                            throw new AssertionError(lake + ": wrong key " + key);
                        }
                    }
                    for (int i = 0; i < COUNT; i++) {
                        byte[] bytes = value(i);
                        try (Value read = lake.get(lake.key(TestData.sha256Hex(bytes))); InputStream in = read.open()) {
                            if (!Arrays.equals(in.readAllBytes(), bytes)) {
                                throw new AssertionError(lake + ": value " + i + " reads back different");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
