package io.tarn.lake;

import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tarn.HashAlgorithm;
import io.tarn.TestData;

import static io.tarn.TestData.files;
import static io.tarn.TestData.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spooling a stream body (in memory up to the limit, above it hashed by the caller while another thread writes it) and a
 * local file (copied by the kernel while the caller hashes it).
 */
// on its own thread: a test that holds the writer up for good then fails, where the caller's wait (which outlasts
// interrupts, see Copier.result) would stall the build
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpooledTest {
    private static final int LIMIT = Lake.DEFAULT_MEMORY_LIMIT;
    private static final int BUFFER = 256 * 1024;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} bytes, memory limit {1}")
    @CsvSource({
            "65536, 65536",             // the limit itself stays in memory
            "65537, 65536",             // one byte more goes to a file, all of it in the head
            "327681, 65536",            // head and exactly one buffer: the end is found by a read of nothing
            "262144, 65536",            // the head topped up to one buffer exactly: the end is a read of nothing
            "262143, 65536",            // one byte short of the top-up
            "5255473, 65536",           // 5 MiB + 12,345: many buffers, the last one partly filled
            "3145729, 262143",          // a head as long as a buffer must not be mistaken for one
    })
    void aStreamGetsItsSha256AndIsSpooledByteForByte(int size, int limit) throws Exception {
        byte[] bytes = TestData.bytes(size, size);
        Path folder = temp.resolve("spool");
        try (Spooled spooled = Spooled.spool(new Trickle(bytes, bytes.length, Long.MAX_VALUE), HashAlgorithm.SHA256, folder, limit)) {
            assertThat(spooled.key().hex()).isEqualTo(sha256Hex(bytes));
            assertThat(spooled.size()).isEqualTo(size);
            if (size <= limit) {
                assertThat(spooled.file()).isEmpty();
            } else {
                assertThat(spooled.file()).get().satisfies(file -> {
                    assertThat(file.getParent()).isEqualTo(folder);
                    assertThat(file).hasBinaryContent(bytes);
                });
                assertThat(files(folder)).hasSize(1);
            }
            try (InputStream in = spooled.open()) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
        }
        if (Files.exists(folder)) {
            assertThat(files(folder)).isEmpty();
        }
    }

    @ParameterizedTest(name = "memory limit {0}")
    @CsvSource({"65536", "262143", "262144", "1000000"})
    void everyWriteAfterTheHeadsTopUpStartsOnABufferBoundaryOfTheSpoolFile(int limit) throws Exception {
        byte[] bytes = TestData.bytes(3 * BUFFER + limit + 4321, 5);
        List<Long> starts = new CopyOnWriteArrayList<>();
        Recording sink = new Recording(file -> Files.newOutputStream(file)) {
            @Override
            void writing(long written) {
                starts.add(written);
            }
        };
        try (Spooled spooled = Spooled.spool(new Trickle(bytes, bytes.length, Long.MAX_VALUE), HashAlgorithm.SHA256,
                temp.resolve("spool"), limit, sink)) {
            assertThat(spooled.key().hex()).isEqualTo(sha256Hex(bytes));
            assertThat(spooled.file()).get().satisfies(file -> assertThat(file).hasBinaryContent(bytes));
        }
        // the head, the buffer that tops it up to a multiple of BUFFER (none when it is one already), then whole buffers
        int head = limit + 1;
        List<Long> aligned = starts.subList(head % BUFFER == 0 ? 1 : 2, starts.size());
        assertThat(starts.get(0)).isZero();
        assertThat(aligned).as("where each write after the top-up starts, of %s", starts).isNotEmpty()
                .allSatisfy(start -> assertThat(start % BUFFER).isZero());
    }

    @Test
    void aStreamThatFailsHalfWayReachesTheCallerOnceTheWriterIsOverAndLeavesNoFile() throws Exception {
        byte[] bytes = TestData.bytes(8 << 20, 3);
        IOException broken = new IOException("connection reset (test)");
        CountDownLatch failed = new CountDownLatch(1);
        // within what the reader may fill while the writer is held up: the head, and four buffers (the first of which only
        // tops the head up to a buffer's length)
        Trickle in = new Trickle(bytes, bytes.length, 1 << 19) {
            @Override
            IOException failure() {
                failed.countDown();
                return broken;
            }
        };
        Path folder = temp.resolve("spool");
        Recording sink = new Recording(file -> Files.newOutputStream(file)) {
            @Override
            void writing(long written) throws IOException {
                if (written > 0) {
                    // keep the writer busy until the reader has failed
                    await(failed);
                }
            }
        };
        assertThatThrownBy(() -> Spooled.spool(in, HashAlgorithm.SHA256, folder, LIMIT, sink)).isSameAs(broken);

        assertThat(sink.closed).as("the writer closed its file before spool threw").isTrue();
        assertThat(sink.existedAtClose).as("the file was deleted only after the writer was over").isTrue();
        assertThat(files(folder)).isEmpty();
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"65537", "67108864", "75000001"}) // the head alone; 64 hash buffers exactly; buffers and a part
    void aLocalFileIsHashedAndCopiedByteForByte(int size) throws Exception {
        byte[] bytes = TestData.bytes(size, size);
        Path source = Files.write(temp.resolve("source.bin"), bytes);
        Path folder = temp.resolve("spool");
        try (Spooled spooled = Spooled.spool(source, HashAlgorithm.SHA256, List.of(folder), LIMIT)) {
            assertThat(spooled.key().hex()).isEqualTo(sha256Hex(bytes));
            assertThat(spooled.size()).isEqualTo(size);
            assertThat(spooled.file()).get().satisfies(file -> assertThat(file).hasSameBinaryContentAs(source));
        }
        assertThat(files(folder)).isEmpty();
    }

    @Test
    void aLocalFileThatGrowsWhileItIsStoredIsRefusedAndLeavesNoFile() throws Exception {
        Path source = Files.write(temp.resolve("growing.log"), TestData.bytes(32 << 20, 7));
        Path folder = temp.resolve("spool");
        CountDownLatch appending = new CountDownLatch(1);
        AtomicLong appended = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (OutputStream out = new FileOutputStream(source.toFile(), true)) {
                while (!Thread.currentThread().isInterrupted()) {
                    out.write(new byte[4096]);
                    appended.addAndGet(4096);
                    appending.countDown();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        try {
            appending.await();
            assertThatThrownBy(() -> Spooled.spool(source, HashAlgorithm.SHA256, List.of(folder), LIMIT))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(source.toString())
                    .hasMessageContaining("changed while it was being stored");
        } finally {
            writer.interrupt();
            writer.join();
        }
        assertThat(appended.get()).isPositive();
        assertThat(files(folder)).isEmpty();
    }

    @Test
    void aDiskThatFillsUpStopsTheReadingAndItsErrorReachesTheCaller() throws Exception {
        Path full = Path.of("/dev/full");
        // Linux's device where every write fails with ENOSPC; the tests run on Linux only (as LakeTest's unix:ino)
        assertThat(full).as("/dev/full (Linux)").isWritable();
        long size = 256L << 20;
        Trickle in = new Trickle(null, size, Long.MAX_VALUE);
        Path folder = temp.resolve("spool");
        Recording sink = new Recording(file -> new FileOutputStream(full.toFile()));

        assertThatThrownBy(() -> Spooled.spool(in, HashAlgorithm.SHA256, folder, LIMIT, sink))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");

        // the head, then at most the four buffers the writer never gave back
        assertThat(in.requested).as("bytes asked of the stream").isLessThanOrEqualTo(LIMIT + 1 + 4L * BUFFER);
        assertThat(sink.closed).isTrue();
        assertThat(files(folder)).isEmpty();
    }

    @Test
    void aSpoolThatFillsUpHalfWayHandsTheValueOnToTheNextFolderReadingTheStreamOnce() throws Exception {
        byte[] bytes = TestData.bytes(5 << 20, 11);
        Trickle in = new Trickle(bytes, bytes.length, Long.MAX_VALUE);
        Path small = temp.resolve("small");
        Path big = temp.resolve("big");
        long room = 3L << 20;
        Spooled.Sink sink = file -> {
            OutputStream out = Files.newOutputStream(file);
            if (!file.startsWith(small)) {
                return out;
            }
            return new FilterOutputStream(out) {
                long written;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (written + len > room) {
                        throw new IOException("No space left on device");
                    }
                    out.write(b, off, len);
                    written += len;
                }
            };
        };

        try (Spooled spooled = Spooled.spool(in, HashAlgorithm.SHA256, List.of(small, big), LIMIT, sink)) {
            assertThat(spooled.key().hex()).isEqualTo(sha256Hex(bytes));
            assertThat(spooled.file()).get().satisfies(file -> {
                assertThat(file.getParent()).isEqualTo(big);
                assertThat(file).hasBinaryContent(bytes);
            });
            assertThat(in.requested).as("the stream is read once").isEqualTo(bytes.length);
            assertThat(files(small)).as("what the full folder held is gone").isEmpty();
        }
        assertThat(files(big)).isEmpty();
    }

    @Test
    void whenNoFolderCanHoldTheValueTheErrorNamesEachAndWhy() throws Exception {
        Path notAFolder = Files.writeString(temp.resolve("file"), "in the way");
        Path full = temp.resolve("full");
        Trickle in = new Trickle(null, 1 << 20, Long.MAX_VALUE);
        Spooled.Sink sink = file -> new FileOutputStream("/dev/full");

        assertThatThrownBy(() -> Spooled.spool(in, HashAlgorithm.SHA256, List.of(notAFolder.resolve("spool"), full), LIMIT,
                sink))
                .isInstanceOf(SpoolTarget.SpoolException.class)
                .hasMessageStartingWith("Could not write the value to any of its 2 spool folders (" + notAFolder.resolve("spool"))
                .hasMessageContaining(full + ": No space left on device");
        assertThat(files(full)).isEmpty();
    }

    @Test
    void aLocalFileGoesToTheNextFolderWhenTheFirstCannotTakeIt() throws Exception {
        byte[] bytes = TestData.bytes(2 << 20, 12);
        Path source = Files.write(temp.resolve("source"), bytes);
        Path notAFolder = Files.writeString(temp.resolve("file"), "in the way");
        Path good = temp.resolve("good");
        try (Spooled spooled = Spooled.spool(source, HashAlgorithm.SHA256, List.of(notAFolder.resolve("spool"), good), LIMIT)) {
            assertThat(spooled.key().hex()).isEqualTo(sha256Hex(bytes));
            assertThat(spooled.file()).get().satisfies(file -> {
                assertThat(file.getParent()).isEqualTo(good);
                assertThat(file).hasBinaryContent(bytes);
            });
        }
        assertThat(files(good)).isEmpty();
    }

    @Test
    void aWriteThatFailsHalfWayStopsTheReadingAndItsErrorReachesTheCaller() throws Exception {
        long size = 256L << 20;
        Trickle in = new Trickle(null, size, Long.MAX_VALUE);
        Path folder = temp.resolve("spool");
        long room = 3L << 20;
        Recording sink = new Recording(file -> Files.newOutputStream(file)) {
            @Override
            void writing(long written) throws IOException {
                if (written >= room) {
                    throw new IOException("No space left on device (test: " + room + " bytes written)");
                }
            }
        };

        assertThatThrownBy(() -> Spooled.spool(in, HashAlgorithm.SHA256, folder, LIMIT, sink))
                .isInstanceOf(SpoolTarget.SpoolException.class)
                .hasMessage("Could not write the value to its spool folder (" + folder + ": No space left on device (test: "
                            + room + " bytes written))");

        // what was written, the chunk that failed and the buffers that had not come back
        assertThat(sink.written).isGreaterThanOrEqualTo(room);
        assertThat(in.requested).as("bytes asked of the stream").isLessThanOrEqualTo(sink.written + 5L * BUFFER);
        assertThat(sink.closed).isTrue();
        assertThat(files(folder)).isEmpty();
    }

    @Test
    void anInterruptStopsTheSpoolingAndStaysSet() throws Exception {
        long size = 256L << 20;
        Trickle in = new Trickle(null, size, Long.MAX_VALUE) {
            @Override
            void reading(long requested) {
                if (requested >= 2 << 20) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Path folder = temp.resolve("spool");
        Recording sink = new Recording(file -> Files.newOutputStream(file));
        boolean[] interrupted = new boolean[1];
        Throwable[] thrown = new Throwable[1];
        Thread caller = new Thread(() -> {
            try {
                Spooled.spool(in, HashAlgorithm.SHA256, folder, LIMIT, sink).close();
            } catch (Throwable e) {
                thrown[0] = e;
            }
            interrupted[0] = Thread.currentThread().isInterrupted();
        });
        caller.start();
        caller.join();

        assertThat(thrown[0]).isInstanceOf(InterruptedIOException.class);
        assertThat(interrupted[0]).as("the interrupt is still set").isTrue();
        assertThat(in.requested).isLessThan(4L << 20);
        assertThat(sink.closed).isTrue();
        assertThat(files(folder)).isEmpty();
    }

    private static void await(CountDownLatch latch) throws InterruptedIOException {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    /**
     * A stream of {@code bytes} (or of generated bytes when null) that gives at most 7,777 bytes per read, counts what
     * was asked of it and fails once {@code failAt} bytes were read.
     */
    private static class Trickle extends InputStream {
        private final byte[] bytes;
        private final long size;
        private final long failAt;
        volatile long requested;
        private long position;

        Trickle(byte[] bytes, long size, long failAt) {
            this.bytes = bytes;
            this.size = size;
            this.failAt = failAt;
        }

        IOException failure() {
            return new IOException("unreachable");
        }

        void reading(long requested) {
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= failAt) {
                throw failure();
            }
            if (position == size) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, 7_777), size - position);
            if (bytes != null) {
                System.arraycopy(bytes, (int) position, b, off, n);
            } else {
                Arrays.fill(b, off, off + n, (byte) position);
            }
            position += n;
            requested = position;
            reading(position);
            return n;
        }
    }

    /** Opens the spool file through {@code open}, recording what was written and whether the file was closed. */
    private static class Recording implements Spooled.Sink {
        private final Spooled.Sink open;
        volatile long written;
        volatile boolean closed;
        volatile boolean existedAtClose;

        Recording(Spooled.Sink open) {
            this.open = open;
        }

        /** Called before each write, with the bytes written so far. */
        void writing(long written) throws IOException {
        }

        @Override
        public OutputStream open(Path file) throws IOException {
            return new FilterOutputStream(open.open(file)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    writing(written);
                    out.write(b, off, len);
                    written += len;
                }

                @Override
                public void close() throws IOException {
                    existedAtClose = Files.exists(file);
                    super.close();
                    closed = true;
                }
            };
        }
    }
}
