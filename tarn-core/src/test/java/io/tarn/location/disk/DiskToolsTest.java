package io.tarn.location.disk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.format.DiskConfig;
import io.tarn.format.JsonLabels;
import io.tarn.location.Entry;

import static io.tarn.TestData.sha256Key;
import static io.tarn.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** StatUsage and JsonLabels, kept where and how Python tarn keeps them. */
class DiskToolsTest {
    private static final Instant LONG_AGO = Instant.parse("2001-02-03T04:05:06Z");

    @TempDir
    Path temp;
    Path root;
    DiskLocation disk;

    @BeforeEach
    void lakeWithTools() throws Exception {
        root = TestData.folder(temp.resolve("lake"), "rwxr-xr-x");
        Files.writeString(root.resolve("config.yml"), "usage: StatUsage\nlabels: JsonLabels\n");
        disk = DiskLocation.open(root);
        assertThat(disk.config().keepsUsage()).isTrue();
        assertThat(disk.config().keepsLabels()).isTrue();
    }

    private Path mark(Key key) {
        return root.resolve("tools/usage").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
    }

    private Path labelsFile(Key key) {
        return root.resolve("tools/labels").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2) + ".json");
    }

    private static List<String> jsonList(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        JsonNode list = new ObjectMapper().readTree(file.toFile());
        assertThat(list.isArray()).as("%s holds a JSON list", file).isTrue();
        for (JsonNode label : list) {
            assertThat(label.isTextual()).as("label %s in %s", label, file).isTrue();
            out.add(label.textValue());
        }
        return out;
    }

    @Test
    void writeLeavesAUsageMarkAndTouchMovesIt() {
        byte[] bytes = utf8("used");
        Key key = sha256Key(bytes);
        // a new file is stamped with the kernel's coarse clock, which can lag Instant.now() by a tick (a few ms), even
        // across a second boundary: "now" here is anything from a second before
        Instant before = Instant.now().minusSeconds(1);
        disk.write(key, Value.of(bytes), Set.of());

        assertThat(mark(key)).isRegularFile();
        assertThat(disk.lastUsed(key)).hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(before));

        TestData.setMtime(mark(key), LONG_AGO);
        assertThat(disk.lastUsed(key)).contains(LONG_AGO);
        assertThat(disk.touch(key)).isTrue();
        assertThat(disk.lastUsed(key)).hasValueSatisfying(t -> assertThat(t)
                .isAfterOrEqualTo(before).isBefore(Instant.now().plus(Duration.ofMinutes(1))));

        // reading counts as using (tarn touches on read)
        TestData.setMtime(mark(key), LONG_AGO);
        TestData.consume(disk.read(key).orElseThrow());
        assertThat(disk.lastUsed(key)).hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(before));

        // contents() exposes the same meta
        try (Stream<Entry> contents = disk.contents()) {
            Entry entry = contents.findFirst().orElseThrow();
            assertThat(entry.key()).isEqualTo(key);
            assertThat(entry.lastUsed()).isEqualTo(disk.lastUsed(key));
        }
    }

    @Test
    void aMissingMarkIsRecreatedOnTouch() throws Exception {
        byte[] bytes = utf8("mark lost");
        Key key = sha256Key(bytes);
        disk.write(key, Value.of(bytes), Set.of());
        Files.delete(mark(key));
        Files.delete(mark(key).getParent());
        assertThat(disk.lastUsed(key)).isEmpty();
        assertThat(disk.touch(key)).isTrue();
        assertThat(mark(key)).isRegularFile();
        assertThat(disk.lastUsed(key)).isPresent();
    }

    @Test
    void usageAndLabelsAreNeverMorePermissiveThanTheRoot() {
        byte[] bytes = utf8("shared lake");
        Key key = sha256Key(bytes);
        disk.write(key, Value.of(bytes), Set.of("x"));
        // unlike tarn's StatUsage / JsonLabels (0o777 folders and files): the root's mode, files never writable by others
        assertThat(TestData.mode(mark(key).getParent())).isEqualTo("rwxr-xr-x");
        assertThat(TestData.mode(mark(key))).isEqualTo("rw-r--r--");
        assertThat(TestData.mode(labelsFile(key).getParent())).isEqualTo("rwxr-xr-x");
        assertThat(TestData.mode(labelsFile(key))).isEqualTo("rw-r--r--");
        assertThat(TestData.mode(root.resolve("tools/usage"))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void inAWorldWritableRootFoldersGetTheStickyBitAndFilesStayTheOwners() throws Exception {
        Path shared = TestData.folder(temp.resolve("shared"), "rwxrwxrwx");
        Files.writeString(shared.resolve("config.yml"), "usage: StatUsage\nlabels: JsonLabels\n");
        DiskLocation lake = DiskLocation.open(shared);
        byte[] bytes = utf8("world-writable lake");
        Key key = sha256Key(bytes);
        lake.write(key, Value.of(bytes), Set.of("x"));

        for (String folder : List.of(".tmp", "tools", "tools/usage", "tools/labels", "tools/usage/" + key.hex().substring(0, 2),
                "tools/labels/" + key.hex().substring(0, 2), key.hex().substring(0, 2))) {
            // 01777: anyone may add entries, only their owner may rename or remove them
            assertThat(Files.getAttribute(shared.resolve(folder), "unix:mode")).as(folder)
                    .satisfies(mode -> assertThat((Integer) mode & 07777).isEqualTo(01777));
        }
        assertThat(TestData.mode(shared.resolve("tools/usage").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2))))
                .isEqualTo("rw-r--r--");
        assertThat(TestData.mode(lake.pathOf(key))).isEqualTo("r--r--r--");
    }

    @Test
    void labelsAreAJsonListMergedOnEveryWrite() throws Exception {
        byte[] bytes = utf8("labelled");
        Key key = sha256Key(bytes);
        disk.write(key, Value.of(bytes), Set.of("raw", "2024"));

        assertThat(labelsFile(key)).isRegularFile();
        assertThat(jsonList(labelsFile(key))).containsExactlyInAnyOrder("raw", "2024");
        assertThat(disk.labels(key)).containsExactlyInAnyOrder("raw", "2024");

        disk.write(key, Value.of(bytes), Set.of("raw", "checked"));
        assertThat(jsonList(labelsFile(key))).containsExactlyInAnyOrder("raw", "2024", "checked");
        assertThat(disk.labels(key)).containsExactlyInAnyOrder("raw", "2024", "checked");

        // no labels given: nothing changes
        disk.write(key, Value.of(bytes), Set.of());
        assertThat(disk.labels(key)).containsExactlyInAnyOrder("raw", "2024", "checked");

        try (Stream<Entry> contents = disk.contents()) {
            assertThat(contents.findFirst().orElseThrow().labels()).containsExactlyInAnyOrder("raw", "2024", "checked");
        }

        // delete removes the value's tools files too (tarn: usage_tracker.delete, labels.delete)
        assertThat(disk.delete(key)).isTrue();
        assertThat(labelsFile(key)).doesNotExist();
        assertThat(mark(key)).doesNotExist();
        assertThat(disk.labels(key)).isEmpty();
    }

    @Test
    void labelsWrittenByPythonAreRead() throws Exception {
        byte[] bytes = utf8("from python");
        Key key = sha256Key(bytes);
        disk.write(key, Value.of(bytes), Set.of());
        Files.createDirectories(labelsFile(key).getParent());
        // json.dumps(list({'caf\u00e9', 'a "quoted" one', 'snow \u2603', 'tab\there', 'yes', '1'}))
        Files.writeString(labelsFile(key),
                "[\"caf\\u00e9\", \"a \\\"quoted\\\" one\", \"snow \\u2603\", \"tab\\there\", \"yes\", \"1\", \"\\ud83d\\ude00\"]");
        assertThat(disk.labels(key)).containsExactlyInAnyOrder(
                "caf\u00e9", "a \"quoted\" one", "snow \u2603", "tab\there", "yes", "1", "\ud83d\ude00");

        // and merged: the union is written back as JSON that Python's json.loads reads
        disk.write(key, Value.of(bytes), Set.of("new"));
        assertThat(jsonList(labelsFile(key))).containsExactlyInAnyOrder(
                "caf\u00e9", "a \"quoted\" one", "snow \u2603", "tab\there", "yes", "1", "\ud83d\ude00", "new");
    }

    @Test
    void labelsAreFormattedLikePythonsJsonDumps() {
        // json.dumps(['a', 'caf\u00e9', 'x"y\\z', 'l\ne', '\x01', '\U0001F600', '\x7f'])
        assertThat(JsonLabels.format(new java.util.LinkedHashSet<>(List.of(
                "a", "caf\u00e9", "x\"y\\z", "l\ne", "\u0001", "\ud83d\ude00", "\u007f"))))
                .isEqualTo("[\"a\", \"caf\\u00e9\", \"x\\\"y\\\\z\", \"l\\ne\", \"\\u0001\", \"\\ud83d\\ude00\", \"\\u007f\"]");
        assertThat(JsonLabels.format(Set.of())).isEqualTo("[]");
        for (String label : List.of("plain", "caf\u00e9", "x\"y\\z", "tab\t", "\ud83d\ude00", "null", "- dash", "{a: b}")) {
            assertThat(JsonLabels.parse(JsonLabels.format(Set.of(label)), Path.of("x.json"))).containsExactly(label);
        }
    }

    @Test
    void aCorruptLabelsFileIsAClearError() throws Exception {
        byte[] bytes = utf8("bad labels");
        Key key = sha256Key(bytes);
        disk.write(key, Value.of(bytes), Set.of("ok"));
        Files.writeString(labelsFile(key), "{not json");
        assertThatThrownBy(() -> disk.labels(key))
                .isInstanceOf(LocationException.class)
                .hasMessageContaining(labelsFile(key).toString());
    }

    @Test
    void withoutToolsNothingIsKept(@TempDir Path other) {
        DiskLocation plain = DiskLocation.open(other, DiskConfig.defaults()); // Python tarn's default: no tools
        byte[] bytes = utf8("no tools");
        Key key = sha256Key(bytes);
        plain.write(key, Value.of(bytes), Set.of("ignored"));
        plain.touch(key);
        assertThat(TestData.files(other.resolve("tools"))).as("only the lock file").containsExactly("locks");
        assertThat(plain.labels(key)).isEmpty();
        assertThat(plain.lastUsed(key)).isEmpty();
    }
}
