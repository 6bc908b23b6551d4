package io.tarn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import io.tarn.lake.Lake;

/**
 * What the consumer's options cost on a backlog: a lake of N values filled by hand in /dev/shm/pollcost (so the
 * consumer's full scan finds them), then one consumer per argument, each from a new position, timed from its first
 * value to its last through a no-op route. An argument is the endpoint's extra options ({@code -} for none, i.e. the
 * defaults; {@code maxMessagesPerPoll=0} for one poll of everything). Run the defaults twice: the first run pays for
 * the JIT. Usage: {@code PollCost N OPTIONS...}; remove /dev/shm/pollcost afterwards.
 */
public final class PollCost {
    private PollCost() {
    }

    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        Path base = Path.of("/dev/shm/pollcost");
        Path root = base.resolve("lake");
        if (!Files.exists(root)) {
            try (Lake lake = Lake.open(root)) {
                lake.write("seed".getBytes());
            }
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < n - 1; i++) {
                byte[] v = ("value " + i).getBytes();
                String k = java.util.HexFormat.of().formatHex(d.digest(v));
                Path dir = root.resolve(k.substring(0, 2));
                Files.createDirectories(dir);
                Files.write(dir.resolve(k.substring(2)), v);
            }
        }
        for (int r = 1; r < a.length; r++) {
            String opts = a[r];
            Path pos = base.resolve("pos-" + r + "-" + System.nanoTime());
            AtomicLong count = new AtomicLong();
            CamelContext c = new DefaultCamelContext();
            String uri = "tarn:lake?root=" + root + "&positionFile=" + pos + (opts.equals("-") ? "" : "&" + opts);
            c.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).process(e -> count.incrementAndGet());
                }
            });
            c.start();
            while (count.get() == 0) {
                Thread.sleep(1);
            }
            long t = System.nanoTime();
            while (count.get() < n) {
                Thread.sleep(1);
            }
            double s = (System.nanoTime() - t) / 1e9;
            c.stop();
            System.out.printf("%s: %d values in %.2f s, %.0f/s%n", opts, n, s, n / s);
        }
    }
}
