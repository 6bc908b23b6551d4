package io.tarn.camel;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.ExceptionHandler;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tarn.AppendingProcess;
import io.tarn.Ingest;
import io.tarn.Key;
import io.tarn.StoredValues;
import io.tarn.TestData;
import io.tarn.lake.Lake;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingest=move} under a {@code file:} consumer as users configure it: with {@code delete=true} and
 * {@code noop=true} the file is taken into the lake (its inode becomes the stored value) and its name is gone; with
 * {@code move=.done} and with the consumer's default ({@code .camel/}) the consumer moves the name, which shares its
 * inode with the stored value; with {@code readLock=fileLock} the consumer holds the file open for writing to lock it,
 * which does not count as writing it. In every case nothing is copied, and the consumer's own post-processing reports
 * no error. A file another process is still appending to is taken only once that process is done.
 */
class IngestRouteTest {
    /** Large enough to be taken whole. */
    private static final int LARGE = (int) Ingest.ADOPTED_FROM;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "file consumer with {0}")
    @CsvSource(delimiter = '|', value = {
            "delete=true | ",
            "noop=true   | ",
            "move=.done  | .done",
            "readLock=none | .camel",
            "readLock=fileLock&delete=true | " })
    void aFileConsumersFilesAreMovedIntoTheLakeWithoutACopy(String consumerOptions, String movedTo) throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        Path root = temp.resolve("lake");
        Map<String, Object> inodes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            byte[] bytes = TestData.bytes(LARGE + i, i);
            Path file = Files.write(inbox.resolve("scan-" + i + ".tif"), bytes);
            inodes.put(file.getFileName().toString(), inode(file));
        }
        Files.writeString(inbox.resolve("small.txt"), "a small reading");
        List<Exception> consumerErrors = new CopyOnWriteArrayList<>();
        List<String> keys = new CopyOnWriteArrayList<>();
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("errors", (ExceptionHandler) new Recorder(consumerErrors));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("file:" + inbox + "?" + consumerOptions.strip() + "&exceptionHandler=#errors&onCompletionExceptionHandler=#errors&initialDelay=0")
                            .to("tarn:lake?ingest=move&root=" + root)
                            .process(exchange -> keys.add(exchange.getMessage().getHeader(TarnConstants.KEY, String.class)));
                }
            });
            NotifyBuilder done = new NotifyBuilder(context).whenCompleted(4).create();
            context.start();
            assertThat(done.matches(30, TimeUnit.SECONDS)).as("four files ingested").isTrue();
            // the consumer's post-processing (delete, rename) runs on completion: wait until it has run for all four
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (remaining(inbox).size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            context.stop();
        }
        assertThat(consumerErrors).as("errors of the consumer's own post-processing").isEmpty();
        assertThat(keys).hasSize(4);
        assertThat(remaining(inbox)).as("files left in the inbox").isEmpty();
        DiskLocation disk = DiskLocation.open(root);
        for (Map.Entry<String, Object> file : inodes.entrySet()) {
            int i = Integer.parseInt(file.getKey().replaceAll("\\D", ""));
            Key key = TestData.sha256Key(TestData.bytes(LARGE + i, i));
            assertThat(keys).contains(key.hex());
            assertThat(inode(disk.pathOf(key))).as("%s stored without a copy", file.getKey()).isEqualTo(file.getValue());
            if (movedTo != null) {
                Path moved = inbox.resolve(movedTo.strip()).resolve(file.getKey());
                assertThat(inode(moved)).as("the consumer moved the name of %s", file.getKey()).isEqualTo(file.getValue());
            }
        }
        assertThat(disk.contains(TestData.sha256Key(TestData.utf8("a small reading")))).isTrue();
    }

    /**
     * Files a process is still appending to when the consumer picks them up (issue 24: the lake kept such a file under
     * the key of what it held before the next append). The lake refuses each while it is written, the consumer leaves
     * it and offers it again, and once the writer is done it is stored whole: every key of the lake then hashes to its
     * value, and holds every byte of its file.
     */
    @ParameterizedTest(name = "file consumer with {0}")
    @CsvSource(delimiter = '|', value = {
            "delete=true | ",
            "move=.done  | .done" })
    void filesStillBeingWrittenAreTakenOnlyOnceTheyAreComplete(String consumerOptions, String movedTo) throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        Path staging = Files.createDirectories(temp.resolve("staging"));
        Path root = temp.resolve("lake");
        Random random = new Random(24L);
        Map<String, byte[]> first = new LinkedHashMap<>();
        List<AppendingProcess> appenders = new ArrayList<>();
        List<Exception> consumerErrors = new CopyOnWriteArrayList<>();
        int[] appended = new int[5];
        try {
            try (CamelContext context = new DefaultCamelContext()) {
                context.getRegistry().bind("errors", (ExceptionHandler) new Recorder(consumerErrors));
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("file:" + inbox + "?" + consumerOptions.strip() + "&exceptionHandler=#errors"
                             + "&onCompletionExceptionHandler=#errors&initialDelay=0&delay=100")
                                .to("tarn:lake?ingest=move&root=" + root);
                    }
                });
                context.start();
                // written beside the inbox and renamed into it while the appender holds them open (a rename keeps
                // the open file), so that the consumer finds them being written however long the route took to start
                for (int i = 0; i < appended.length; i++) {
                    byte[] bytes = TestData.bytes(LARGE + random.nextInt(1 << 20), random.nextLong());
                    Path file = Files.write(staging.resolve("scan-" + i + ".tif"), bytes);
                    first.put(file.getFileName().toString(), bytes);
                    appenders.add(AppendingProcess.start(file, AppendingProcess.How.HOLDING, 4 + random.nextInt(5),
                            150 + random.nextInt(200)));
                    Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
                for (int i = 0; i < appenders.size(); i++) {
                    appended[i] = appenders.get(i).awaitAppends();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (remaining(inbox).size() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                context.stop();
                assertThat(consumerErrors).as("errors of the consumer's own post-processing").isEmpty();
                assertThat(remaining(inbox)).as("files left in the inbox").isEmpty();
            }
            try (Lake lake = Lake.open(root)) {
                StoredValues.assertEachHashesToItsKey(lake, "the route");
                int i = 0;
                for (Map.Entry<String, byte[]> file : first.entrySet()) {
                    byte[] whole = AppendingProcess.appended(file.getValue(), appended[i++]);
                    assertThat(lake.contains(TestData.sha256Key(whole))).as("%s stored whole", file.getKey()).isTrue();
                    if (movedTo != null) {
                        assertThat(inbox.resolve(movedTo.strip()).resolve(file.getKey())).hasBinaryContent(whole);
                    }
                }
            }
        } finally {
            for (AppendingProcess appender : appenders) {
                appender.close();
            }
        }
    }

    /** The regular files directly in the inbox (not in the consumer's .done or .camel folders). */
    private static List<String> remaining(Path inbox) throws Exception {
        try (var list = Files.list(inbox)) {
            return list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    private static Object inode(Path file) throws Exception {
        return Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    /** Records what the file consumer would log as a WARN. */
    private record Recorder(List<Exception> errors) implements ExceptionHandler {
        @Override
        public void handleException(Throwable exception) {
            handleException(null, null, exception);
        }

        @Override
        public void handleException(String message, Throwable exception) {
            handleException(message, null, exception);
        }

        @Override
        public void handleException(String message, Exchange exchange, Throwable exception) {
            errors.add(new Exception(message, exception));
        }
    }
}
