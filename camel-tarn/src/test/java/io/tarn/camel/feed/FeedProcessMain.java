package io.tarn.camel.feed;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;

/**
 * A writer or a consumer of one lake and its change feed, in a JVM of its own (for {@link FeedProcesses}).
 * Each appends {@code KEY MILLIS} to its file for every value it writes or hands on, one a line, as one write: the
 * kernel keeps what a process killed with SIGKILL wrote, so the file is the process's record whatever kills it.
 * <pre>
 * write   LAKE FEED_URI FILE COUNT NAME   writes COUNT values through tarn: and exits
 * consume LAKE FEED_URI FILE WORK_MS GO   hands on the feed's values as group "workers", WORK_MS each, until stopped,
 *                                         from when the file GO exists (started, but not yet a member of the group)
 * </pre>
 * LAKE is the endpoint's options naming the lake: {@code root=/path} or {@code location=RAW(s3:...)}.
 */
public final class FeedProcessMain {
    static final String READY = "FEED-PROCESS-READY";

    private FeedProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        String lake = "tarn:lake?" + args[1] + "&changes=RAW(" + args[2] + ")";
        try (FileChannel out = FileChannel.open(Path.of(args[3]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); CamelContext context = new DefaultCamelContext()) {
            context.getComponent("tarn", TarnComponent.class).setBaseDirectory(Path.of(args[3]) + ".base");
            context.getShutdownStrategy().setTimeout(10);
            if (args[0].equals("write")) {
                context.start();
                ProducerTemplate template = context.createProducerTemplate();
                int count = Integer.parseInt(args[4]);
                for (int i = 0; i < count; i++) {
                    String value = args[5] + " value " + i;
                    String key = template.request(lake, e -> e.getMessage().setBody(value)).getMessage()
                            .getHeader(TarnConstants.KEY, String.class);
                    append(out, key);
                }
                return;
            }
            long work = Long.parseLong(args[4]);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(lake + "&groupId=workers").routeId("workers").autoStartup(false).process(e -> {
                        Thread.sleep(work);
                        e.getMessage().getBody(byte[].class);
                        append(out, e.getMessage().getHeader(TarnConstants.KEY, String.class));
                    });
                }
            });
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    context.stop();
                } finally {
                    stopped.countDown();
                }
            }));
            context.start();
            Path go = Path.of(args[5]);
            while (!Files.exists(go)) {
                Thread.sleep(20);
            }
            context.getRouteController().startRoute("workers");
            System.out.println(READY);
            stopped.await();
        }
    }

    private static synchronized void append(FileChannel out, String key) throws Exception {
        out.write(ByteBuffer.wrap((key + " " + System.currentTimeMillis() + "\n").getBytes(StandardCharsets.US_ASCII)));
    }
}
