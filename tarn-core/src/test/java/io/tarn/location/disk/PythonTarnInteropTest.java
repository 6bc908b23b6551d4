package io.tarn.location.disk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.Entry;

import static io.tarn.TestData.files;
import static io.tarn.TestData.folder;
import static io.tarn.TestData.mode;
import static io.tarn.TestData.relative;
import static io.tarn.TestData.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Lakes written by Python tarn 0.14.0 (shared/fixtures/tarn-py-lake) are read by camel-tarn, and lakes written by
 * camel-tarn have exactly the layout Python tarn gives them.
 */
class PythonTarnInteropTest {
    private static Path fixtures;
    private static JsonNode manifest;
    /** name -> bytes of every value of the manifest, regenerated from its description. */
    private static Map<String, byte[]> values;

    @TempDir
    Path temp;

    @BeforeAll
    static void loadManifest() throws Exception {
        fixtures = TestData.pythonTarnFixtures();
        manifest = new ObjectMapper().readTree(fixtures.resolve("manifest.json").toFile());
        assertThat(manifest.get("algorithm").asText()).isEqualTo("sha256");
        values = new LinkedHashMap<>();
        values.put("empty", new byte[0]);
        values.put("one_byte", new byte[]{0});
        values.put("hello", TestData.utf8("hello world\n"));
        values.put("pattern_1000", TestData.utf8("0123456789abcdef".repeat(63).substring(0, 1000)));
        values.put("random_3mib", TestData.sha256Ctr(3 * 1024 * 1024));
        for (JsonNode value : valueList()) {
            byte[] bytes = values.get(value.get("name").asText());
            assertThat(bytes).as("a generator for manifest value %s", value.get("name").asText()).isNotNull();
            assertThat(bytes.length).isEqualTo(value.get("size").asInt());
            assertThat(sha256Hex(bytes)).as("regenerated %s", value.get("name").asText())
                    .isEqualTo(value.get("sha256").asText()).isEqualTo(value.get("key").asText());
        }
        assertThat(values).hasSize(valueList().size());
    }

    private static List<JsonNode> valueList() {
        List<JsonNode> out = new ArrayList<>();
        manifest.get("values").forEach(out::add);
        return out;
    }

    private static JsonNode lakes() {
        return manifest.get("lakes");
    }

    static Stream<String> lakeNames() throws Exception {
        if (manifest == null) {
            loadManifest();
        }
        List<String> names = new ArrayList<>();
        lakes().fieldNames().forEachRemaining(names::add);
        return names.stream().sorted();
    }

    private static List<Integer> levels(JsonNode lake) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode level : lake.get("levels")) {
            assertThat(level.canConvertToExactIntegral() && level.canConvertToInt()).as("level %s", level).isTrue();
            out.add(level.intValue());
        }
        return out;
    }

    private static List<String> keys(JsonNode lake) {
        List<String> out = new ArrayList<>();
        for (JsonNode key : lake.get("keys")) {
            out.add(key.textValue());
        }
        return out;
    }

    private static Map<String, String> paths(JsonNode lake) {
        Map<String, String> out = new TreeMap<>();
        lake.get("paths").fields().forEachRemaining(path -> out.put(path.getKey(), path.getValue().textValue()));
        return out;
    }

    private static byte[] valueByKey(String key) {
        for (JsonNode value : valueList()) {
            if (value.get("key").asText().equals(key)) {
                return values.get(value.get("name").asText());
            }
        }
        return fail("key " + key + " is not among the manifest's values");
    }

    /** Copies a read-only fixture lake to a writable folder (fixtures must never be modified). */
    private Path copyOf(String name) {
        return TestData.copyTree(fixtures.resolve(name), temp.resolve("copy-" + name));
    }

    @ParameterizedTest
    @MethodSource("lakeNames")
    void readsEveryValueOfAPythonLake(String name) throws Exception {
        JsonNode lake = lakes().get(name);
        Path root = copyOf(name);
        assertThat(root.resolve(".tmp")).doesNotExist();
        assertThat(root.resolve("tools")).doesNotExist();

        DiskLocation location = DiskLocation.open(root);

        assertThat(location.config().levels()).isEqualTo(levels(lake));
        assertThat(location.config().hash()).isNull();
        assertThat(Files.readString(root.resolve("config.yml"))).isEqualTo(lake.get("config_yml").asText());
        assertThat(location.config().toYaml()).isEqualTo(lake.get("config_yml").asText());
        // git drops empty folders: tarn re-creates them on open, and so must we
        assertThat(root.resolve(".tmp")).isDirectory();
        assertThat(root.resolve("tools/usage")).isDirectory();
        assertThat(root.resolve("tools/labels")).isDirectory();

        Map<String, String> paths = paths(lake);
        for (String hex : keys(lake)) {
            Key key = HashAlgorithm.SHA256.parseKey(hex);
            assertThat(relative(root, location.pathOf(key))).as("path of %s", hex).isEqualTo(paths.get(hex));
            assertThat(location.contains(key)).isTrue();
            Value value = location.read(key).orElseThrow(() -> new AssertionError(name + " misses " + hex));
            byte[] bytes = TestData.consume(value);
            assertThat(bytes.length).as("size of %s", hex).isEqualTo(valueByKey(hex).length);
            assertThat(sha256Hex(bytes)).as("sha256 of %s", hex).isEqualTo(hex);
            assertThat(bytes).isEqualTo(valueByKey(hex));
        }

        try (Stream<Entry> contents = location.contents()) {
            assertThat(contents.map(e -> e.key().hex()).toList()).containsExactlyInAnyOrderElementsOf(keys(lake));
        }
        // opening with the levels the lake was made with agrees with its config.yml
        assertThat(DiskLocation.open(root, DiskConfig.defaults().withLevels(levels(lake))).config())
                .isEqualTo(location.config());
        // nothing but the recreated folders was added
        assertThat(files(root)).containsExactlyInAnyOrderElementsOf(
                Stream.concat(Stream.of("config.yml", UseLocks.FILE), paths.values().stream()).toList());
    }

    @ParameterizedTest
    @MethodSource("lakeNames")
    void aPythonLakeWorksAsALake(String name) throws Exception {
        JsonNode lake = lakes().get(name);
        Path root = copyOf(name);
        try (Lake store = Lake.open(root)) {
            for (String hex : keys(lake)) {
                Key key = store.key(hex);
                try (Value value = store.get(key); InputStream in = value.open()) {
                    assertThat(sha256Hex(in.readAllBytes())).isEqualTo(hex);
                }
                // writing a stored value again is idempotent and keeps Python's file
                assertThat(store.write(valueByKey(hex))).isEqualTo(key);
            }
            // a new value lands where Python tarn would put it
            byte[] fresh = TestData.utf8("written by camel-tarn\n");
            Key key = store.write(fresh);
            Path expected = root;
            List<Integer> levels = levels(lake);
            int start = 0;
            for (int level : levels) {
                int stop = level == -1 ? 64 : start + 2 * level;
                expected = expected.resolve(key.hex().substring(start, stop));
                start = stop;
            }
            assertThat(expected).isRegularFile().hasBinaryContent(fresh);
        }
        assertThat(files(root.resolve(".tmp"))).isEmpty();
    }

    /**
     * A lake camel-tarn creates keeps usage marks (issue 24: gc by age goes by use, never by storage time), a
     * deliberate difference from Python tarn's default: its config.yml is Python's plus the {@code usage:} block that
     * Python tarn writes for {@code usage='StatUsage'}, and each value has its mark where Python's StatUsage keeps it.
     * Everything else is Python tarn's layout, byte for byte.
     */
    @Test
    void layoutOfADefaultLakeIsPythonTarnsWithUsageMarks() throws Exception {
        JsonNode lake = lakes().get("lake");
        Path root = folder(temp.resolve("java-lake"), "rwxr-xr-x");
        try (Lake store = Lake.open(root)) {
            for (JsonNode value : valueList()) {
                byte[] bytes = values.get(value.get("name").asText());
                Key key = value.get("name").asText().equals("random_3mib") ? store.write(writeFile(bytes))
                        : store.write(bytes);
                assertThat(key.hex()).isEqualTo(value.get("key").asText());
            }
        }
        assertSameLayout(lake, root, true);
    }

    @Test
    void layoutWithLevels2RestIsPythonTarns() throws Exception {
        assertSameLayoutForLevels("lake-l2-rest", List.of(2, -1));
    }

    @Test
    void layoutWithLevels1And31IsPythonTarns() throws Exception {
        assertSameLayoutForLevels("lake-l1-31", List.of(1, 31));
    }

    @Test
    void aPythonLakeRoundTripsThroughCamelTarnByteForByte() throws Exception {
        // every stored file of the Python lake equals the one camel-tarn stores for the same value
        JsonNode lake = lakes().get("lake");
        Path root = folder(temp.resolve("java-lake"), "rwxr-xr-x");
        try (Lake store = Lake.open(root)) {
            for (byte[] bytes : values.values()) {
                store.write(bytes);
            }
        }
        for (String path : paths(lake).values()) {
            assertThat(root.resolve(path)).hasSameBinaryContentAs(fixtures.resolve("lake").resolve(path));
        }
    }

    private Path writeFile(byte[] bytes) throws IOException {
        Path file = temp.resolve("value-" + sha256Hex(bytes));
        Files.write(file, bytes);
        return file;
    }

    private void assertSameLayoutForLevels(String name, List<Integer> levels) throws Exception {
        JsonNode lake = lakes().get(name);
        Path root = folder(temp.resolve("java-" + name), "rwxr-xr-x");
        try (Lake store = new Lake(DiskLocation.open(root, DiskConfig.defaults().withLevels(levels)))) {
            for (String hex : keys(lake)) {
                assertThat(store.write(valueByKey(hex)).hex()).isEqualTo(hex);
            }
        }
        assertSameLayout(lake, root, false);
    }

    /**
     * The manifest's tree (every folder and file tarn left, with modes and sizes) equals what camel-tarn wrote:
     * same config.yml text, same paths, stored files 0444, folders with the root's mode (0755 here, as in the
     * fixtures). config.yml is created with the process umask, as Python's open(..., 'w') does.
     */
    private static void assertSameLayout(JsonNode lake, Path root, boolean usageMarks) throws IOException {
        // what Python tarn 0.14.0 writes for usage='StatUsage' under pydantic 1 (DiskConfigTest), after levels:
        String usage = usageMarks ? "usage:\n  kwargs: {}\n  name: StatUsage\n" : "";
        assertThat(Files.readString(root.resolve("config.yml"), StandardCharsets.UTF_8))
                .isEqualTo(lake.get("config_yml").asText() + usage);

        Map<String, String> expected = new TreeMap<>();
        for (JsonNode node : lake.get("tree")) {
            String path = node.get("path").asText();
            int mode = Integer.parseInt(node.get("mode").asText().substring(2), 8);
            Object size = node.hasNonNull("size") ? node.get("size").asText() : null;
            if (path.equals("config.yml")) {
                mode = umaskMode(root);
                size = String.valueOf((lake.get("config_yml").asText() + usage).length());
            }
            expected.put(path, modeString(mode) + (size == null ? "" : " " + size));
        }
        // camel-tarn's one addition: the file its processes lock keys on (tarn reads nothing in tools/ but its usage
        // and labels folders), with the mode of tool files: the root's read and write bits
        expected.put(UseLocks.FILE, modeString(0644) + " 0");
        if (usageMarks) {
            // StatUsage's marks: tools/usage/ab/cdef..., empty, with the mode of tool files, in folders of the root's
            for (String hex : paths(lake).keySet()) {
                expected.put("tools/usage/" + hex.substring(0, 2) + "/", modeString(0755));
                expected.put("tools/usage/" + hex.substring(0, 2) + "/" + hex.substring(2), modeString(0644) + " 0");
            }
        }
        Map<String, String> actual = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                if (path.equals(root)) {
                    continue;
                }
                boolean dir = Files.isDirectory(path);
                String rel = relative(root, path) + (dir ? "/" : "");
                actual.put(rel, mode(path) + (dir ? "" : " " + Files.size(path)));
            }
        }
        assertThat(actual).isEqualTo(expected);

        Map<String, String> paths = paths(lake);
        DiskLocation location = DiskLocation.open(root);
        for (Map.Entry<String, String> e : paths.entrySet()) {
            Key key = HashAlgorithm.SHA256.parseKey(e.getKey());
            assertThat(relative(root, location.pathOf(key))).isEqualTo(e.getValue());
            assertThat(sha256Hex(root.resolve(e.getValue()))).isEqualTo(e.getKey());
        }
    }

    /** The mode a new regular file gets from this process's umask. */
    private static int umaskMode(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir.getParent(), "umask", ".probe");
        Files.delete(probe);
        Files.writeString(probe, "x");
        try {
            return parseMode(mode(probe));
        } finally {
            Files.delete(probe);
        }
    }

    private static int parseMode(String text) {
        int mode = 0;
        for (char c : text.toCharArray()) {
            mode = (mode << 1) | (c == '-' ? 0 : 1);
        }
        return mode;
    }

    private static String modeString(int mode) {
        String letters = "rwxrwxrwx";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            out.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return out.toString();
    }

    @Test
    void fixturesAreLeftUntouched() throws Exception {
        // the tests above work on copies; the fixture folders never gain .tmp/ or tools/
        for (String name : lakeNames().toList()) {
            assertThat(fixtures.resolve(name).resolve(".tmp")).doesNotExist();
            assertThat(fixtures.resolve(name).resolve("tools")).doesNotExist();
        }
        assertThat(HexFormat.of().formatHex(TestData.digest("SHA-256",
                Files.readAllBytes(fixtures.resolve("lake/59/47e54ebf2d90760654385b5c4fcce25bd24b412512ee803a3a33d20f7ccc6d")))))
                .isEqualTo("5947e54ebf2d90760654385b5c4fcce25bd24b412512ee803a3a33d20f7ccc6d");
    }
}
