package io.tarn.lake;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.tarn.AppendingProcess;
import io.tarn.AppendingProcess.How;
import io.tarn.Ingest;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.StoredValues;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.WriteDeclinedException;
import io.tarn.format.DiskConfig;
import io.tarn.location.Entry;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A key names exactly its bytes, whatever another process does to a file while it is moved or linked into a lake
 * (issue 24: a file appended to while it was moved in stayed in the lake under the key of what it held before). In
 * each trial (seeded) another process appends to a large file a few times, pausing between appends, while the file is
 * taken in; once its last append is done, every key of the lake is read back and hashed as a user would, and every
 * byte the file ever held is found: in the inbox, or in the lake under its key.
 * <p>
 * Before the fix, 11 of 12 trials of a move while a process held the file open left bytes under a key they did not
 * hash to (the move went through in a pause between appends, and the next append changed the stored value).
 */
class IngestWhileWrittenTest {
    private static final int TRIALS = 12;
    /** Large enough to be taken whole. */
    private static final int LARGE = (int) Ingest.ADOPTED_FROM;

    @TempDir
    Path temp;

    /**
     * Every writer the guarantee covers: one that still holds the file open (root or not), and one that opens it for
     * every append without root privileges. A process running as root that opens the file again by a name the lake
     * leaves it (ingest=link) is outside it: nothing but a copy could stop that.
     */
    static Stream<Arguments> writers() {
        return Stream.of(
                Arguments.of(Ingest.MOVE, How.HOLDING),
                Arguments.of(Ingest.LINK, How.HOLDING),
                Arguments.of(Ingest.MOVE, How.REOPENING_UNPRIVILEGED),
                Arguments.of(Ingest.LINK, How.REOPENING_UNPRIVILEGED),
                Arguments.of(Ingest.MOVE, How.REOPENING));
    }

    @ParameterizedTest(name = "{0} while another process appends, {1}")
    @MethodSource("writers")
    void aFileWrittenWhileItIsTakenInIsNeverLeftUnderAKeyItDoesNotHashTo(Ingest ingest, How how) throws Exception {
        Random random = new Random(24_2026L + ingest.ordinal() * 31L + how.ordinal());
        // in memory (tmpfs): the trials write a gigabyte, which a shared disk would take its time over
        Path shm = Path.of("/dev/shm");
        assertThat(shm).as("this test needs Linux's /dev/shm").isDirectory();
        Path work = Files.createTempDirectory(shm, "ingest-while-written-");
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        int taken = 0;
        try (Lake lake = Lake.open(work.resolve("lake"))) {
            for (int trial = 0; trial < TRIALS; trial++) {
                byte[] first = TestData.bytes(LARGE + random.nextInt(1 << 20), random.nextLong());
                Path file = Files.write(inbox.resolve("scan-" + trial + ".tif"), first);
                // pauses longer than taking the file in may take, and shorter
                int appends = 2 + random.nextInt(3);
                long pauseMillis = 20 + random.nextInt(500);
                String outcome;
                int appended;
                try (AppendingProcess appender = AppendingProcess.start(file, how, appends, pauseMillis)) {
                    try {
                        outcome = "taken as " + lake.write(file, Set.of(), ingest).hex();
                        taken++;
                    } catch (LocationException e) {
                        outcome = "refused: " + e.getMessage();
                    }
                    appended = appender.awaitAppends();
                }
                String trialName = "trial " + trial + " (" + appends + " appends " + pauseMillis + " ms apart, " + outcome
                                   + ")";
                StoredValues.assertEachHashesToItsKey(lake, trialName);
                assertNothingLost(lake, ingest, file, first, appended, trialName);
                Files.deleteIfExists(file);
                try (Stream<Entry> contents = lake.contents()) {
                    contents.map(Entry::key).toList().forEach(lake::delete);
                }
            }
        } finally {
            TestData.deleteTree(work);
        }
        System.out.printf("IngestWhileWrittenTest %s while %s: %d of %d trials taken in%n", ingest, how, taken, TRIALS);
    }

    @ParameterizedTest
    @EnumSource(value = Ingest.class, names = {"MOVE", "LINK"})
    void aFileAnotherProcessHoldsOpenForWritingIsRefusedAndLeftAsItWas(Ingest ingest) throws Exception {
        byte[] first = TestData.bytes(LARGE, 1);
        Path file = Files.write(temp.resolve("scan.tif"), first);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        try (Lake lake = Lake.open(temp.resolve("lake"));
             AppendingProcess appender = AppendingProcess.start(file, How.HOLDING, 2, 60_000)) {
            assertThatThrownBy(() -> lake.write(file, Set.of(), ingest))
                    .isInstanceOf(LocationException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageMatching("(?s).*still open for writing: process \\d+ \\(sh\\) holds it open for writing.*");
            assertLeftAsItWas(lake, file, AppendingProcess.appended(first, 1), mode);
        }
    }

    @Test
    void aFileThisProcessHoldsOpenForWritingIsRefused() throws Exception {
        byte[] bytes = TestData.bytes(LARGE, 2);
        Path file = Files.write(temp.resolve("scan.tif"), bytes);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        try (Lake lake = Lake.open(temp.resolve("lake")); OutputStream writer = Files.newOutputStream(file,
                StandardOpenOption.APPEND)) {
            assertThatThrownBy(() -> lake.write(file, Set.of(), Ingest.MOVE))
                    .isInstanceOf(LocationException.class)
                    .hasMessageContaining("process " + ProcessHandle.current().pid() + " (java) holds it open for writing");
            assertLeftAsItWas(lake, file, bytes, mode);
        }
    }

    /** A mapping outlives the descriptor it was made through: closing the file does not end the writer. */
    @Test
    void aFileMappedWritableByAProcessIsRefused() throws Exception {
        byte[] bytes = TestData.bytes(LARGE, 3);
        Path file = Files.write(temp.resolve("scan.tif"), bytes);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        MappedByteBuffer mapping;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096);
        }
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            assertThatThrownBy(() -> lake.write(file, Set.of(), Ingest.MOVE))
                    .isInstanceOf(LocationException.class)
                    .hasMessageContaining("maps it for writing");
            assertLeftAsItWas(lake, file, bytes, mode);
        } finally {
            Reference.reachabilityFence(mapping);
        }
    }

    /**
     * A {@code file:} consumer with {@code readLock=fileLock} holds the file it hands over open for writing (Java
     * locks exclusively only through such a descriptor) and does not write: that file is taken whole.
     */
    @Test
    void aFileThisProcessHoldsOnlyToLockItIsTaken() throws Exception {
        Path file = Files.write(temp.resolve("scan.tif"), TestData.bytes(LARGE, 4));
        Object inode = Files.getAttribute(file, "unix:ino");
        try (Lake lake = Lake.open(temp.resolve("lake"));
             RandomAccessFile locked = new RandomAccessFile(file.toFile(), "rw");
             FileLock lock = locked.getChannel().tryLock()) {
            assertThat(lock).isNotNull();
            Key key = lake.write(file, Set.of(), Ingest.MOVE);

            assertThat(Files.getAttribute(lake.get(key).file().orElseThrow(), "unix:ino")).isEqualTo(inode);
            assertThat(file).doesNotExist();
        }
    }

    /**
     * A process the read-only mode does not stop (root, or the owner after a chmod) writes to the file after its
     * value was stored: the value is taken out of the lake again, and the file is given back its name and mode.
     */
    @ParameterizedTest
    @EnumSource(value = Ingest.class, names = {"MOVE", "LINK"})
    void aFileWrittenToAfterItsValueWasStoredIsTakenOutOfTheLakeAndGivenBack(Ingest ingest) throws Exception {
        byte[] first = TestData.bytes(LARGE, 5);
        Path file = Files.write(temp.resolve("scan.tif"), first);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        Key expected = TestData.sha256Key(first);
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            assertThatThrownBy(() -> lake.write(file, Set.of(), ingest, key -> appendTo(lake, key)))
                    .isInstanceOf(LocationException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining(expected.hex())
                    .hasMessageContaining("was written to after it was hashed")
                    .hasMessageContaining("its copy was taken out of the lake, and the file is at " + file);
            assertLeftAsItWas(lake, file, AppendingProcess.appended(first, 1), mode);
        }
    }

    /** Taking the changed file out of the lake takes out no copy that hashes to the key, such as another writer's. */
    @Test
    void aValueOfTheSameKeyStoredByAnotherWriterStays() throws Exception {
        byte[] first = TestData.bytes(LARGE, 6);
        Path file = Files.write(temp.resolve("scan.tif"), first);
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            Key key = lake.write(first);
            Path stored = lake.get(key).file().orElseThrow();
            Object storedInode = Files.getAttribute(stored, "unix:ino");

            assertThatThrownBy(() -> lake.write(file, Set.of(), Ingest.LINK, k -> append(file)))
                    .isInstanceOf(LocationException.class)
                    .hasMessageContaining("the lake holds no copy of what it became");
            try (Value value = lake.get(key)) {
                assertThat(TestData.sha256Hex(TestData.readAll(value))).isEqualTo(key.hex());
                assertThat(Files.getAttribute(value.file().orElseThrow(), "unix:ino")).isEqualTo(storedInode);
            }
            assertThat(Files.readAllBytes(file)).isEqualTo(AppendingProcess.appended(first, 1));
        }
    }

    /** A file taken whole was made read-only: when no location takes its value, it gets its mode back. */
    @Test
    void aFileWhoseValueNoLocationTakesIsLeftWithItsMode() throws Exception {
        byte[] bytes = TestData.bytes(LARGE, 7);
        Path file = Files.write(temp.resolve("scan.tif"), bytes);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        try (Lake lake = new Lake(DiskLocation.open(temp.resolve("lake"), DiskConfig.defaults().withLimits(0, 0L)))) {
            assertThatThrownBy(() -> lake.write(file, Set.of(), Ingest.MOVE)).isInstanceOf(WriteDeclinedException.class);
            assertLeftAsItWas(lake, file, bytes, mode);
        }
    }

    /** Appends one chunk to the stored value of {@code key}, as root can (or its owner, after making it writable). */
    private static void appendTo(Lake lake, Key key) {
        try (Value value = lake.get(key)) {
            append(value.file().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            Files.write(file, AppendingProcess.CHUNK, StandardOpenOption.APPEND);
            Files.setPosixFilePermissions(file, mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file is at its name with {@code bytes} and its mode, with no other name; the lake holds nothing of it. */
    private void assertLeftAsItWas(Lake lake, Path file, byte[] bytes, Set<PosixFilePermission> mode) throws Exception {
        assertThat(Files.readAllBytes(file)).as("the file left where it was").isEqualTo(bytes);
        assertThat(Files.getPosixFilePermissions(file)).as("its mode").isEqualTo(mode);
        assertThat(Files.getAttribute(file, "unix:nlink")).as("no other name of it left").isEqualTo(1);
        try (Stream<Entry> contents = lake.contents()) {
            assertThat(contents.count()).as("values in the lake").isZero();
        }
        assertThat(TestData.files(temp.resolve("lake/.tmp"))).isEmpty();
    }

    /**
     * The file held {@code first} and then {@code appended} chunks: all of it is in the inbox, or in the lake (and for
     * a link also at its name), or a move took the first {@code k} chunks into the lake and the appends after the move
     * made a new file of the rest at the old name.
     */
    private static void assertNothingLost(Lake lake, Ingest ingest, Path file, byte[] first, int appended, String when)
            throws Exception {
        byte[] whole = AppendingProcess.appended(first, appended);
        byte[] atName = Files.exists(file) ? Files.readAllBytes(file) : null;
        int inLake = -1;
        for (int k = appended; k >= 0 && inLake < 0; k--) {
            if (lake.contains(TestData.sha256Key(AppendingProcess.appended(first, k)))) {
                inLake = k;
            }
        }
        boolean inInbox = Arrays.equals(atName, whole);
        boolean stored = inLake == appended && (atName == null || inInbox);
        boolean split = ingest == Ingest.MOVE && inLake >= 0
                        && Arrays.equals(atName, AppendingProcess.appended(new byte[0], appended - inLake));
        assertThat(inInbox || stored || split)
                .as("after %s the file's %d bytes are at its name (%s bytes there) or in the lake (%s)", when, whole.length,
                        atName == null ? "no" : atName.length, inLake < 0 ? "not there" : "with " + inLake + " appends")
                .isTrue();
    }
}
