package io.tarn.location.disk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.lake.Lake;
import io.tarn.location.Locker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A use of a key (a read until its value is closed, a write, a touch) and its removal by gc or eviction are ordered
 * across processes ({@link UseLocks}): a removal never takes a value a reader of another process holds, and a reader
 * waits for a removal of another process to finish (then finds the value gone). Here with a second JVM
 * ({@link UseLocksChildMain}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UseLocksTest {
    @TempDir
    Path temp;

    private Child child;

    @AfterEach
    void stopChild() throws Exception {
        if (child != null) {
            child.kill();
        }
    }

    /**
     * A value its reader dropped without closing it is let go once collected: before, it held its key until the JVM
     * ended, kept from every gc and eviction of every process. A stream opened from it reads on.
     */
    @Test
    void aValueDroppedUnclosedIsLetGoOnceCollected() throws Exception {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"));
        byte[] bytes = TestData.bytes(100, 2);
        Key key = new Lake(disk).write(bytes);
        java.io.InputStream stream = openAndDrop(disk, key);
        assertThat(disk.removeUnused(key, file -> false)).as("removed while the value is reachable").isFalse();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean removed = false;
        while (!removed && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            removed = disk.removeUnused(key, file -> false);
        }
        assertThat(removed).as("removed once the dropped value was collected").isTrue();
        try (stream) {
            assertThat(stream.readAllBytes()).as("a stream opened before reads on").isEqualTo(bytes);
        }
    }

    /** Reads the key and opens its value, then drops the value unclosed; the stream stays open. */
    private static java.io.InputStream openAndDrop(DiskLocation disk, Key key) throws Exception {
        return disk.read(key).orElseThrow().open();
    }

    @Test
    void aValueAReaderOfThisProcessHoldsIsNotRemovedUntilItIsClosed() throws Exception {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"));
        Key key = new Lake(disk).write(TestData.bytes(100, 1));
        Value held = disk.read(key).orElseThrow();
        assertThat(disk.removeUnused(key, file -> false)).as("removed while held").isFalse();
        assertThat(disk.contains(key)).isTrue();
        held.close();
        held.close(); // once only: a second close lets nothing go twice
        assertThat(disk.removeUnused(key, file -> false)).as("removed once closed").isTrue();
        assertThat(disk.read(key)).isEmpty();
    }

    @Test
    void aValueAReaderOfAnotherProcessHoldsIsNotRemovedUntilItIsClosedOrTheProcessDies() throws Exception {
        Path root = temp.resolve("lake");
        DiskLocation disk = DiskLocation.open(root);
        Lake lake = new Lake(disk);
        Key first = lake.write(TestData.bytes(100, 1));
        Key second = lake.write(TestData.bytes(100, 2));
        child = Child.start(root, temp);
        assertThat(child.ask("hold " + first.hex())).isEqualTo("held");
        assertThat(disk.removeUnused(first, file -> false)).as("removed while another process holds it").isFalse();
        assertThat(disk.removeUnused(second, file -> false)).as("another key is free").isTrue();
        assertThat(child.ask("release")).isEqualTo("released");
        assertThat(disk.removeUnused(first, file -> false)).as("removed once released").isTrue();

        Key third = lake.write(TestData.bytes(100, 3));
        assertThat(child.ask("hold " + third.hex())).isEqualTo("held");
        assertThat(disk.removeUnused(third, file -> false)).isFalse();
        child.kill(); // SIGKILL: the kernel drops its locks
        child = null;
        assertThat(disk.removeUnused(third, file -> false)).as("removed once the holder died").isTrue();
    }

    @Test
    void aReaderWaitsForARemovalOfAnotherProcessThenFindsTheValueGone() throws Exception {
        Path root = temp.resolve("lake");
        DiskLocation disk = DiskLocation.open(root);
        Key key = new Lake(disk).write(TestData.bytes(100, 1));
        child = Child.start(root, temp);
        assertThat(child.ask("alone " + key.hex())).isEqualTo("alone");
        assertThat(disk.removeUnused(key, file -> false)).as("another process holds it alone").isFalse();
        CompletableFuture<Optional<Value>> read = CompletableFuture.supplyAsync(() -> disk.read(key));
        Thread.sleep(300);
        assertThat(read).as("the read waits for the removal").isNotDone();
        // the removal of the other process: the value goes, then the key is let go
        Files.delete(disk.pathOf(key));
        assertThat(child.ask("release")).isEqualTo("released");
        assertThat(read.get(30, TimeUnit.SECONDS)).as("found after the removal").isEmpty();
    }

    @Test
    void inThisProcessAUseWaitsForARemovalAndARemovalNeverWaits() throws Exception {
        DiskLocation disk = DiskLocation.open(temp.resolve("lake"));
        Key key = new Lake(disk).write(TestData.bytes(100, 1));
        Locker.Held alone = disk.uses().tryAlone(key).orElseThrow();
        assertThat(disk.uses().tryAlone(key)).as("held alone already").isEmpty();
        CompletableFuture<Boolean> touch = CompletableFuture.supplyAsync(() -> disk.touch(key));
        Thread.sleep(200);
        assertThat(touch).as("the touch waits").isNotDone();
        alone.close();
        assertThat(touch.get(30, TimeUnit.SECONDS)).isTrue();
        try (Locker.Held use = disk.uses().shared(key)) {
            assertThat(disk.uses().tryAlone(key)).as("in use").isEmpty();
        }
        disk.uses().tryAlone(key).orElseThrow().close();
    }

    /**
     * The invariant under load: a process reading random keys, each value opened a little after it was handed out,
     * while this one removes every value it can and stores it again. Every value handed out is read whole and hashes
     * to its key; the removals happen (the race is real).
     */
    @Test
    void valuesHandedToAReaderOfAnotherProcessStayReadableWhileThisOneRemovesEverything() throws Exception {
        Path root = temp.resolve("lake");
        DiskLocation disk = DiskLocation.open(root);
        Lake lake = new Lake(disk);
        List<byte[]> values = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            values.add(TestData.bytes(2000 + i, 100 + i));
            keys.add(lake.write(values.get(i)));
        }
        child = Child.start(root, temp);
        CompletableFuture<String> readers = CompletableFuture.supplyAsync(() -> child.askQuietly("readers 4 7"));
        Random random = new Random(3);
        int removed = 0;
        while (!readers.isDone()) {
            int i = random.nextInt(keys.size());
            if (disk.removeUnused(keys.get(i), file -> false)) {
                removed++;
                lake.write(values.get(i));
            }
        }
        String[] counts = readers.get().split(" ");
        assertThat(counts[0]).as(readers.get()).isEqualTo("read");
        assertThat(Integer.parseInt(counts[1])).as("values read: %s", readers.get()).isPositive();
        assertThat(Integer.parseInt(counts[5])).as("values handed out that could not be read: %s", readers.get())
                .isZero();
        assertThat(Integer.parseInt(counts[7])).as("corrupt: %s", readers.get()).isZero();
        assertThat(removed).as("removals during the reads").isPositive();
    }

    /** The second JVM, driven line by line. */
    private static final class Child {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final Path errors;

        private Child(Process process, Path errors) {
            this.process = process;
            this.errors = errors;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Child start(Path root, Path temp) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path errors = temp.resolve("child.err");
            Process process = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), UseLocksChildMain.class.getName(), root.toString())
                    .redirectError(errors.toFile()).start();
            Child child = new Child(process, errors);
            assertThat(child.out.readLine()).as("child started; its errors: %s", errors).isEqualTo("ready");
            return child;
        }

        String ask(String command) throws IOException {
            in.write(command + "\n");
            in.flush();
            String answer = out.readLine();
            assertThat(answer).as("answer to %s; errors: %s", command, Files.readString(errors)).isNotNull();
            return answer;
        }

        String askQuietly(String command) {
            try {
                return ask(command);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
