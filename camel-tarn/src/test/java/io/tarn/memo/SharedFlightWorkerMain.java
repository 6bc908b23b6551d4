package io.tarn.memo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import redis.clients.jedis.Jedis;

import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.memo.Memoize;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;

/**
 * One "machine" of {@link SharedFlightTest}: a CamelContext whose route memoizes {@link Step} over a disk lake shared
 * by both JVMs, with its memo index in Redis. As a child process: writes {@code ready-NAME} in the control folder,
 * waits for {@code go}, sends its input, writes the body and {@code CamelTarnMemoHit} to {@code result-NAME}.
 * <p>
 * Arguments: name, Redis port, lock expiry (s), lake folder, control folder, input.
 */
public final class SharedFlightWorkerMain {
    /** Who this JVM is and where the test's Redis and control files are; static, so no part of the step's state. */
    static volatile String name;
    static volatile int redisPort;
    static volatile Path control;

    private SharedFlightWorkerMain() {
    }

    /**
     * The expensive step: records in Redis that it runs ({@code runs}, and {@code ran}: "NAME epochMillis"), then
     * waits until the file {@code release-NAME} appears in the control folder, and upper-cases the body.
     */
    public static final class Step implements Processor {
        @Override
        public void process(Exchange exchange) throws Exception {
            try (Jedis jedis = new Jedis("127.0.0.1", redisPort)) {
                jedis.rpush("ran", name + " " + System.currentTimeMillis());
                jedis.incr("runs");
            }
            Path release = control.resolve("release-" + name);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(release)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(release + " never appeared");
                }
                Thread.sleep(10);
            }
            exchange.getMessage().setBody(exchange.getMessage().getBody(String.class).toUpperCase());
        }
    }

    /** A started CamelContext with {@code direct:step} memoizing {@link Step}, the index in Redis. */
    static CamelContext start(String who, int port, int lockExpiry, Path lake, Path controlFolder) throws Exception {
        name = who;
        redisPort = port;
        control = controlFolder;
        CamelContext camel = new DefaultCamelContext();
        TarnComponent tarn = camel.getComponent("tarn", TarnComponent.class);
        camel.start();
        Lake shared = new Lake(DiskLocation.open(lake));
        Location index = tarn.parseSpec("redis:127.0.0.1:" + port + "?prefix=memo:&lockExpiry=" + lockExpiry);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:step").process(Memoize.of(shared, new Step()).index(index));
            }
        });
        return camel;
    }

    /** What an exchange came back with: its body and whether it was a memo hit, one per line. */
    static String result(Exchange exchange) {
        if (exchange.getException() != null) {
            return "failed\n" + exchange.getException();
        }
        return exchange.getMessage().getBody(String.class) + "\n" + exchange.getMessage().getHeader(TarnConstants.MEMO_HIT);
    }

    public static void main(String[] args) throws Exception {
        Path controlFolder = Path.of(args[4]);
        try (CamelContext camel = start(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]),
                controlFolder)) {
            Files.writeString(controlFolder.resolve("ready-" + args[0]), "ready");
            while (!Files.exists(controlFolder.resolve("go"))) {
                Thread.sleep(5);
            }
            Exchange exchange = camel.createProducerTemplate().request("direct:step", e -> e.getIn().setBody(args[5]));
            Files.writeString(controlFolder.resolve("result-" + args[0]), result(exchange));
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
