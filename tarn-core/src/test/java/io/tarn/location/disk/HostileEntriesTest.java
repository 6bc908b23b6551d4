package io.tarn.location.disk;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.LocationSpecException;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.WriteDeclinedException;
import io.tarn.lake.Lake;
import io.tarn.location.Entry;
import io.tarn.location.VerifyOptions;
import io.tarn.location.VerifyReport;
import io.tarn.location.combine.Fanout;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.combine.ReadOnly;

import static io.tarn.TestData.consume;
import static io.tarn.TestData.sha256Key;
import static io.tarn.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lake folder that someone else wrote into: links, folders and files where camel-tarn's own entries belong. Nothing
 * is read or written through a link inside a lake, nothing outside the root changes, and every such entry is reported
 * by verify and removed on request; a lake that cannot make its folders opens read-only. (Faults that need a full or
 * read-only file system are in FaultMatrixTest.)
 */
class HostileEntriesTest {
    private static final Instant LONG_AGO = Instant.parse("2001-02-03T04:05:06Z");

    @TempDir
    Path temp;
    Path root;
    Path outside;
    DiskLocation disk;

    @BeforeEach
    void lakeWithTools() throws Exception {
        root = TestData.folder(temp.resolve("lake"), "rwxr-xr-x");
        Files.writeString(root.resolve("config.yml"), "usage: StatUsage\nlabels: JsonLabels\n");
        disk = DiskLocation.open(root);
        outside = Files.createDirectories(temp.resolve("outside"));
    }

    private Path mark(Key key) {
        return root.resolve("tools/usage").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
    }

    private Path labelsFile(Key key) {
        return root.resolve("tools/labels").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2) + ".json");
    }

    @Test
    void aUsageMarkThatIsALinkIsNeitherCreatedThroughNorTouched() throws Exception {
        byte[] bytes = utf8("marked");
        Key key = sha256Key(bytes);
        disk.write(key, Value.of(bytes), Set.of());

        // a link to a file that does not exist yet: a read must not create it (the privilege escalation of issue 11)
        Path planted = outside.resolve("cron-job");
        Files.delete(mark(key));
        Files.createSymbolicLink(mark(key), planted);
        assertThat(consume(disk.read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(planted).doesNotExist();
        assertThat(disk.readWhole(key)).hasValue(bytes);
        assertThat(planted).as("nor a read at once").doesNotExist();

        // a link to an existing file: its time is not set
        Path existing = Files.writeString(outside.resolve("existing"), "keep my time");
        TestData.setMtime(existing, LONG_AGO);
        Files.delete(mark(key));
        Files.createSymbolicLink(mark(key), existing);
        assertThat(disk.touch(key)).isTrue();
        assertThat(Files.getLastModifiedTime(existing).toInstant()).isEqualTo(LONG_AGO);
        assertThat(disk.lastUsed(key)).as("a link is no usage mark").isEmpty();
    }

    @Test
    void aLabelsFileThatIsALinkIsReplacedNeverWrittenThrough() throws Exception {
        byte[] bytes = utf8("labelled");
        Key key = sha256Key(bytes);
        disk.write(key, Value.of(bytes), Set.of("raw"));
        Path target = Files.writeString(outside.resolve("passwd"), "root:x:0:0");
        Files.delete(labelsFile(key));
        Files.createSymbolicLink(labelsFile(key), target);

        assertThat(disk.labels(key)).as("a link is not read").isEmpty();
        disk.write(key, Value.of(bytes), Set.of("again"));
        assertThat(Files.readString(target)).isEqualTo("root:x:0:0");
        assertThat(Files.isSymbolicLink(labelsFile(key))).isFalse();
        assertThat(disk.labels(key)).containsExactly("again");
    }

    @Test
    void aValueFileThatIsALinkIsForeign() throws Exception {
        byte[] bytes = utf8("outside the root");
        Key key = sha256Key(bytes);
        Path target = Files.write(outside.resolve("value"), bytes);
        Path path = disk.pathOf(key);
        Files.createDirectories(path.getParent());
        Files.createSymbolicLink(path, target);

        assertThat(disk.read(key)).as("a plain read does not hand out a file outside the root").isEmpty();
        assertThat(disk.readWhole(key)).as("nor does a read at once").isEmpty();
        assertThat(disk.contains(key)).isFalse();
        assertThatThrownBy(() -> disk.write(key, Value.of(bytes), Set.of()))
                .isInstanceOf(LocationException.class)
                .hasMessageContaining(key.hex())
                .hasMessageContaining(path + " is a symbolic link");
        try (var contents = disk.contents()) {
            assertThat(contents).isEmpty();
        }

        VerifyReport report = disk.verify(io.tarn.HashAlgorithm.SHA256, VerifyOptions.DEFAULT);
        assertThat(report.foreign()).containsExactly(path + " (a symbolic link)");
        assertThat(path).isSymbolicLink();
        report = disk.verify(io.tarn.HashAlgorithm.SHA256, VerifyOptions.DEFAULT.withRemoveForeign(true));
        assertThat(report.foreign()).containsExactly(path + " (a symbolic link), removed");
        assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(target).hasBinaryContent(bytes);

        assertThat(disk.write(key, Value.of(bytes), Set.of())).isPresent();
        assertThat(consume(disk.read(key).orElseThrow())).isEqualTo(bytes);
    }

    @Test
    void aValueFolderThatIsALinkIsNeverWrittenThroughNorReadThrough() throws Exception {
        byte[] bytes = utf8("folder outside");
        Key key = sha256Key(bytes);
        Path folder = disk.pathOf(key).getParent();
        Files.createSymbolicLink(folder, outside);
        // a copy of the value sits in the folder the link points to
        Files.write(outside.resolve(disk.pathOf(key).getFileName()), bytes);

        assertThat(disk.read(key)).isEmpty();
        Files.delete(outside.resolve(disk.pathOf(key).getFileName()));
        assertThatThrownBy(() -> disk.write(key, Value.of(bytes), Set.of()))
                .isInstanceOf(LocationException.class)
                .hasMessageContaining(key.hex())
                .hasMessageContaining(folder + ": it is a symbolic link");
        assertThat(TestData.files(outside)).as("nothing created outside the root").isEmpty();
        assertThat(TestData.files(root.resolve(".tmp"))).isEmpty();

        VerifyReport report = disk.verify(io.tarn.HashAlgorithm.SHA256, VerifyOptions.DEFAULT.withRemoveForeign(true));
        assertThat(report.foreign()).containsExactly(folder + " (a symbolic link), removed");
        assertThat(outside).isDirectory();
        assertThat(disk.write(key, Value.of(bytes), Set.of())).isPresent();
    }

    @Test
    void aFolderWhereAValueBelongsIsReportedAndRemovedOnRequest() throws Exception {
        byte[] bytes = utf8("blocked by a folder");
        Key key = sha256Key(bytes);
        Path path = disk.pathOf(key);
        Files.createDirectories(path.resolve("junk"));
        Files.writeString(path.resolve("junk/file"), "x");

        assertThat(disk.read(key)).isEmpty();
        assertThatThrownBy(() -> disk.write(key, Value.of(bytes), Set.of()))
                .isInstanceOf(LocationException.class)
                .hasMessageContaining(path + " is a folder")
                .hasMessageContaining("verify with removeForeign");

        assertThat(disk.verify(io.tarn.HashAlgorithm.SHA256, VerifyOptions.DEFAULT).foreign())
                .containsExactly(path + " (a folder)");
        assertThat(disk.verify(io.tarn.HashAlgorithm.SHA256, VerifyOptions.DEFAULT.withRemoveForeign(true)).foreign())
                .containsExactly(path + " (a folder), removed");
        assertThat(disk.write(key, Value.of(bytes), Set.of())).isPresent();
        assertThat(consume(disk.read(key).orElseThrow())).isEqualTo(bytes);
    }

    @Test
    void foreignEntriesInTmpAreReportedEvenWhenAllTemporaryFilesGo() throws Exception {
        Path tmp = root.resolve(".tmp");
        Files.createDirectories(tmp.resolve("full/of/things"));
        Files.writeString(tmp.resolve("full/of/things/file"), "x");
        Files.createSymbolicLink(tmp.resolve("link"), outside);
        Files.writeString(tmp.resolve("crashed-write"), "partial");

        VerifyReport report = disk.verify(io.tarn.HashAlgorithm.SHA256, VerifyOptions.DEFAULT.withAllTemporaryFiles(true));
        assertThat(report.removedTemporaryFiles()).isEqualTo(1);
        assertThat(report.foreign()).containsExactlyInAnyOrder(tmp.resolve("full") + " (a folder)",
                tmp.resolve("link") + " (a symbolic link)");

        report = disk.verify(io.tarn.HashAlgorithm.SHA256, VerifyOptions.DEFAULT.withRemoveForeign(true));
        assertThat(report.foreign()).hasSize(2).allSatisfy(entry -> assertThat(entry).endsWith(", removed"));
        assertThat(TestData.files(tmp)).isEmpty();
        assertThat(outside).isDirectory();
    }

    @Test
    void aConfigThatIsALinkIsRefused() throws Exception {
        Path lake = Files.createDirectories(temp.resolve("linked-config"));
        Files.createSymbolicLink(lake.resolve("config.yml"), root.resolve("config.yml"));
        assertThatThrownBy(() -> DiskLocation.open(lake))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining(lake.resolve("config.yml") + " is a symbolic link");
    }

    @Test
    void aHugeConfigIsRefusedUnread() throws Exception {
        Path lake = Files.createDirectories(temp.resolve("huge-config"));
        try (var file = java.nio.channels.FileChannel.open(lake.resolve("config.yml"),
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(0);
            file.position(200L << 20).write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}));
        }
        assertThatThrownBy(() -> DiskLocation.open(lake))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("is 209715201 bytes, too large for a tarn config.yml");
    }

    @Test
    void aLakeWhoseFoldersCannotBeMadeOpensReadOnlyAndSaysWhy() throws Exception {
        byte[] bytes = utf8("readable");
        Key key = sha256Key(bytes);
        Path lake = Files.createDirectories(temp.resolve("from-git"));
        DiskLocation.open(lake).write(key, Value.of(bytes), Set.of());
        // what git leaves (no .tmp/), and something in the way of making it again
        Files.delete(lake.resolve(".tmp"));
        Files.writeString(lake.resolve(".tmp"), "in the way");

        DiskLocation readOnly = DiskLocation.open(lake);
        assertThat(readOnly.readOnlyReason()).get().asString().contains("cannot create the folder " + lake.resolve(".tmp"));
        assertThat(consume(readOnly.read(key).orElseThrow())).isEqualTo(bytes);
        assertThat(readOnly.spoolFolders()).isEmpty();
        byte[] other = utf8("not written");
        assertThatThrownBy(() -> new Lake(readOnly).write(other))
                .isInstanceOf(WriteDeclinedException.class)
                .hasMessageContaining(readOnly + ": read-only (cannot create the folder " + lake.resolve(".tmp"));
        assertThatThrownBy(() -> readOnly.delete(key))
                .isInstanceOf(LocationException.class)
                .hasMessageContaining("is read-only");
        assertThat(readOnly.contains(key)).isTrue();
        VerifyReport report = readOnly.verify(io.tarn.HashAlgorithm.SHA256, VerifyOptions.DEFAULT.withRemoveForeign(true));
        assertThat(report.checked()).isEqualTo(1);
        assertThat(report.foreign()).as("a read-only lake is reported on, nothing removed")
                .containsExactly(lake.resolve(".tmp") + " (a file)");
        assertThat(lake.resolve(".tmp")).isRegularFile();
    }

    @Test
    void valuesAreStagedOnlyWhereTheyMayBeStored() throws Exception {
        DiskLocation a = DiskLocation.open(temp.resolve("a"));
        DiskLocation b = DiskLocation.open(temp.resolve("b"));
        DiskLocation c = DiskLocation.open(temp.resolve("c"));

        assertThat(new Lake(Levels.ofLevels(Level.of(a).withWrite(false), Level.of(b))).spoolFolders())
                .startsWith(b.tmpFolder()).doesNotContain(a.tmpFolder());
        assertThat(new Lake(Levels.of(new ReadOnly(a), b)).spoolFolders()).startsWith(b.tmpFolder())
                .doesNotContain(a.tmpFolder());
        assertThat(new Lake(Fanout.of(a, b, c)).spoolFolders()).startsWith(a.tmpFolder(), b.tmpFolder(), c.tmpFolder());
        assertThat(new Lake(new ReadOnly(a)).spoolFolders()).doesNotContain(a.tmpFolder()).hasSize(1);
        assertThat(new Lake(a).withSpoolFolder(temp.resolve("spool")).spoolFolders())
                .containsExactly(temp.resolve("spool"));

        // a large value written through levels(level(a, write=false), b) is staged in b, and stored there by a link
        byte[] bytes = TestData.bytes(1 << 20, 3);
        Lake lake = new Lake(Levels.ofLevels(Level.of(a).withWrite(false), Level.of(b)));
        Key key = lake.write(new java.io.ByteArrayInputStream(bytes));
        assertThat(b.contains(key)).isTrue();
        assertThat(a.contains(key)).isFalse();
        assertThat(TestData.files(a.tmpFolder())).isEmpty();
        assertThat(TestData.files(b.tmpFolder())).isEmpty();
        assertThat(Files.getAttribute(b.pathOf(key), "unix:nlink")).as("linked once, spool name gone").isEqualTo(1);
        List<Key> keys;
        try (var contents = lake.contents()) {
            keys = contents.map(Entry::key).toList();
        }
        assertThat(keys).containsExactly(key);
    }
}
