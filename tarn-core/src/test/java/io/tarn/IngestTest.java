package io.tarn;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.tarn.lake.Lake;
import io.tarn.location.VerifyOptions;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Ingest#MOVE} and {@link Ingest#LINK}: the file itself becomes the stored value where it can (same inode, no
 * copy), is copied where it cannot, and is never lost: a file that changes while it is hashed stays where it was.
 */
class IngestTest {
    /** Large enough to be taken whole. */
    private static final int LARGE = (int) Ingest.ADOPTED_FROM;

    @TempDir
    Path temp;

    @Test
    void aLargeFileMovedOnTheLakesFileSystemBecomesTheStoredValueWithoutACopy() throws Exception {
        Path source = Files.write(temp.resolve("scan.tif"), TestData.bytes(LARGE, 1));
        Object inode = inode(source);
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            Key key = lake.write(source, Set.of(), Ingest.MOVE);

            assertThat(key.hex()).isEqualTo(TestData.sha256Hex(TestData.bytes(LARGE, 1)));
            assertThat(source).doesNotExist();
            Path stored = lake.get(key).file().orElseThrow();
            assertThat(inode(stored)).as("the inode of the moved file").isEqualTo(inode);
            assertThat(Files.getPosixFilePermissions(stored)).as("stored values are read-only")
                    .doesNotContain(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE);
            assertThat(links(stored)).as("no spool name left on it").isEqualTo(1);
            assertThat(TestData.files(temp.resolve("lake/.tmp"))).isEmpty();
            assertThat(lake.verify(VerifyOptions.DEFAULT).corrupt()).isEmpty();
        }
    }

    /**
     * A mapping the JDK leaves to the garbage collector keeps a deleted file's space until the next collection: a
     * {@code file:} consumer deleting what it stored would fill the disk with files nobody can see. Whether copied or
     * moved, nothing of a stored file stays mapped once the write returns.
     */
    @ParameterizedTest
    @EnumSource(Ingest.class)
    void nothingOfAStoredFileStaysMappedOnceTheWriteReturns(Ingest ingest) throws Exception {
        Path maps = Path.of("/proc/self/maps");
        assertThat(maps).as("this test reads the process's mappings from Linux's /proc").isRegularFile();
        Path source = Files.write(temp.resolve("scan-" + ingest + ".tif"), TestData.bytes(LARGE, 7));
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            Key key = lake.write(source, Set.of(), ingest);
            Files.deleteIfExists(source);
            Path stored = lake.get(key).file().orElseThrow();

            assertThat(Files.readAllLines(maps)).as("mappings of %s or the lake after an ingest=%s", source, ingest)
                    .noneMatch(line -> line.contains(temp.toString()));
            assertThat(stored).hasSize(LARGE);
        }
    }

    @Test
    void aFileMovedAcrossFileSystemsIsCopiedThenRemoved() throws Exception {
        Path shm = Path.of("/dev/shm");
        assertThat(shm).as("this test needs Linux's /dev/shm (tmpfs), a file system other than java.io.tmpdir's")
                .isDirectory();
        FileStore here = Files.getFileStore(temp);
        assertThat(Files.getFileStore(shm)).as("/dev/shm and %s on different file systems", temp).isNotEqualTo(here);
        Path root = Files.createTempDirectory(shm, "ingest-test-");
        try {
            byte[] bytes = TestData.bytes(LARGE, 2);
            Path source = Files.write(temp.resolve("scan.tif"), bytes);
            Object inode = inode(source);
            try (Lake lake = Lake.open(root.resolve("lake"))) {
                Key key = lake.write(source, Set.of(), Ingest.MOVE);

                assertThat(source).doesNotExist();
                Path stored = lake.get(key).file().orElseThrow();
                assertThat(inode(stored)).isNotEqualTo(inode);
                assertThat(TestData.sha256Hex(stored)).isEqualTo(TestData.sha256Hex(bytes));
                assertThat(TestData.files(root.resolve("lake/.tmp"))).isEmpty();
                assertThat(lake.spoolFolders()).allSatisfy(folder -> assertThat(takeFiles(folder)).isEmpty());
            }
        } finally {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * A file copied in (too small to be taken whole) while this process appends to it: the copy and the hash disagree
     * in size, so it is refused. (A file large enough to be taken whole is refused before it is hashed, since the
     * writer holds it open: see {@link IngestWhileWrittenTest}.)
     */
    @Test
    void aFileThatChangesWhileItIsCopiedInIsRefusedAndStaysWhereItIs() throws Exception {
        Path source = Files.write(temp.resolve("growing.log"), TestData.bytes(LARGE / 2, 7));
        CountDownLatch appending = new CountDownLatch(1);
        // appends forever, cut back to half its size before it would reach the size taken whole (a file that large
        // is moved, not copied, and refused for being open for writing instead), however fast it runs
        Thread writer = new Thread(() -> {
            try (FileChannel out = FileChannel.open(source, StandardOpenOption.WRITE)) {
                while (!Thread.currentThread().isInterrupted()) {
                    if (out.size() > LARGE - (1 << 20)) {
                        out.truncate(LARGE / 2);
                    }
                    out.write(java.nio.ByteBuffer.allocate(4096), out.size());
                    appending.countDown();
                }
            } catch (java.nio.channels.ClosedByInterruptException e) {
                // interrupted: done
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            appending.await();
            assertThatThrownBy(() -> lake.write(source, Set.of(), Ingest.MOVE))
                    .isInstanceOf(LocationException.class)
                    .hasMessageContaining(source.toString())
                    .hasMessageContaining("changed while it was being stored");
            writer.interrupt();
            writer.join();
            assertThat(source).as("the file is left where it was").isRegularFile();
            assertThat(links(source)).as("no link of it left in a spool").isEqualTo(1);
            try (Stream<?> contents = lake.contents()) {
                assertThat(contents.count()).isZero();
            }
            assertThat(TestData.files(temp.resolve("lake/.tmp"))).isEmpty();
        } finally {
            writer.interrupt();
            writer.join();
        }
    }

    /** Below {@link Ingest#ADOPTED_FROM} a copy costs less than making sure that no process still writes the file. */
    @Test
    void aFileBelowTheSizeTakenWholeIsMovedByACopy() throws Exception {
        byte[] bytes = TestData.bytes(LARGE - 1, 9);
        Path source = Files.write(temp.resolve("page.tif"), bytes);
        Object inode = inode(source);
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            Key key = lake.write(source, Set.of(), Ingest.MOVE);

            assertThat(source).doesNotExist();
            Path stored = lake.get(key).file().orElseThrow();
            assertThat(inode(stored)).isNotEqualTo(inode);
            assertThat(TestData.sha256Hex(stored)).isEqualTo(TestData.sha256Hex(bytes));
        }
    }

    @Test
    void aSmallFileIsMovedByACopy() throws Exception {
        Path source = Files.writeString(temp.resolve("small.json"), "{\"reading\": 42}");
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            Key key = lake.write(source, Set.of(), Ingest.MOVE);

            assertThat(source).doesNotExist();
            assertThat(TestData.readAll(lake.get(key))).isEqualTo(TestData.utf8("{\"reading\": 42}"));
        }
    }

    @Test
    void aFileWithAnotherNameIsCopiedSoThatNothingCanChangeTheStoredValueThroughThatName() throws Exception {
        byte[] bytes = TestData.bytes(LARGE, 3);
        Path source = Files.write(temp.resolve("scan.tif"), bytes);
        Path otherName = Files.createLink(temp.resolve("backup.tif"), source);
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            Key key = lake.write(source, Set.of(), Ingest.MOVE);

            assertThat(source).doesNotExist();
            Path stored = lake.get(key).file().orElseThrow();
            assertThat(inode(stored)).isNotEqualTo(inode(otherName));
            assertThat(Files.getPosixFilePermissions(otherName)).as("the other name keeps its mode")
                    .contains(PosixFilePermission.OWNER_WRITE);
            Files.write(otherName, new byte[] {1, 2, 3});
            assertThat(TestData.sha256Hex(stored)).isEqualTo(key.hex());
        }
    }

    @Test
    void aValueAlreadyStoredIsComparedAndTheMovedFileRemoved() throws Exception {
        byte[] bytes = TestData.bytes(LARGE, 4);
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            Key key = lake.write(bytes);
            Path stored = lake.get(key).file().orElseThrow();
            Object storedInode = inode(stored);
            Path source = Files.write(temp.resolve("again.tif"), bytes);

            assertThat(lake.write(source, Set.of(), Ingest.MOVE)).isEqualTo(key);
            assertThat(source).doesNotExist();
            assertThat(inode(stored)).as("the stored value is kept").isEqualTo(storedInode);
        }
    }

    @Test
    void aLinkedFileKeepsItsNameAndSharesTheStoredValuesInode() throws Exception {
        Path source = Files.write(temp.resolve("scan.tif"), TestData.bytes(LARGE, 5));
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            Key key = lake.write(source, Set.of(), Ingest.LINK);

            assertThat(source).isRegularFile();
            Path stored = lake.get(key).file().orElseThrow();
            assertThat(inode(stored)).isEqualTo(inode(source));
            assertThat(links(source)).as("its own name and the lake's").isEqualTo(2);
            assertThat(Files.getPosixFilePermissions(source)).as("read-only, as every stored value")
                    .doesNotContain(PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void aSymbolicLinkIsNotMovedAndNothingIsRemoved() throws Exception {
        Path target = Files.write(temp.resolve("target.bin"), TestData.bytes(LARGE, 6));
        Path link = Files.createSymbolicLink(temp.resolve("link.bin"), target);
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            assertThatThrownBy(() -> lake.write(link, Set.of(), Ingest.MOVE))
                    .isInstanceOf(LocationException.class)
                    .hasMessageContaining(link.toString())
                    .hasMessageContaining("not a regular file")
                    .hasMessageContaining("ingest=copy");
            assertThat(link).isSymbolicLink();
            assertThat(target).isRegularFile();
            try (Stream<?> contents = lake.contents()) {
                assertThat(contents.count()).isZero();
            }
        }
    }

    @Test
    void copyLeavesTheFileAsItWas() throws Exception {
        Path source = Files.write(temp.resolve("scan.tif"), TestData.bytes(LARGE, 8));
        Object inode = inode(source);
        try (Lake lake = Lake.open(temp.resolve("lake"))) {
            Key key = lake.write(source, Set.of(), Ingest.COPY);

            assertThat(inode(source)).isEqualTo(inode);
            assertThat(links(source)).isEqualTo(1);
            assertThat(inode(lake.get(key).file().orElseThrow())).isNotEqualTo(inode);
        }
    }

    private static Object inode(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    private static int links(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    }

    private static java.util.List<String> takeFiles(Path folder) {
        return TestData.files(folder).stream().filter(name -> name.contains("take-")).toList();
    }
}
