package io.tarn.location.disk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.format.DiskConfig;
import io.tarn.location.Location;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.eviction.Capacity;

import static io.tarn.TestData.bytes;
import static io.tarn.TestData.consume;
import static io.tarn.TestData.setMtime;
import static io.tarn.TestData.sha256Key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A bounded cache level evicts by tarn's usage marks, whoever made them: values Python tarn 0.14.0 read (its
 * {@code StatUsage} touches their marks) stay, values nobody used go.
 */
class PythonUsageMarksTest {
    private static final int CAPACITY = 10;
    private static final Path TARN_SRC = Path.of(System.getenv().getOrDefault("TARN_SRC", "/tmp/tarn"));
    private static final Path PYTHON = Path.of(System.getenv().getOrDefault("TARN_PY", "/usr/bin/python3"));

    @TempDir
    Path temp;

    private DiskLocation ssd;
    private Levels tree;
    private final List<Key> keys = new ArrayList<>();

    /** The cache level full, its values used one second apart an hour ago, key 0 the least recently. */
    private void fill() {
        DiskLocation hdd = DiskLocation.open(temp.resolve("hdd"));
        ssd = DiskLocation.open(temp.resolve("ssd"), DiskConfig.defaults().withTools());
        for (int i = 0; i <= CAPACITY; i++) {
            byte[] value = bytes(100, i);
            keys.add(sha256Key(value));
            hdd.write(keys.get(i), Value.of(value), Set.of()).ifPresent(Location::closeQuietly);
        }
        tree = Levels.ofLevels(Level.of(ssd).withWrite(false).withCapacity(Capacity.ofValues(CAPACITY)), Level.of(hdd));
        Instant hourAgo = Instant.now().minusSeconds(3600);
        for (int i = 0; i < CAPACITY; i++) {
            consume(tree.read(keys.get(i)).orElseThrow());
            setMtime(mark(keys.get(i)), hourAgo.plusSeconds(i));
        }
    }

    /** Where Python tarn's StatUsage keeps a key's mark: tools/usage/ab/cdef... */
    private Path mark(Key key) {
        return ssd.root().resolve("tools/usage").resolve(key.hex().substring(0, 2)).resolve(key.hex().substring(2));
    }

    /** Reading one value more takes the level past its capacity: the two least recently used go (to 90%). */
    private void evictAfter(Consumer<List<Key>> use) {
        fill();
        use.accept(keys.subList(0, 3));
        consume(tree.read(keys.get(CAPACITY)).orElseThrow());
        for (int i = 0; i < 3; i++) {
            assertThat(ssd.contains(keys.get(i))).as("key %d, used since", i).isTrue();
        }
        assertThat(ssd.contains(keys.get(3))).as("key 3, the least recently used now").isFalse();
        assertThat(ssd.contains(keys.get(4))).isFalse();
        assertThat(ssd.contains(keys.get(5))).isTrue();
    }

    @Test
    void valuesPythonTarnReadStay() {
        assumeTrue(Files.isDirectory(TARN_SRC.resolve("tarn")) && Files.isExecutable(PYTHON),
                "Python tarn 0.14.0 is not at " + TARN_SRC + " with " + PYTHON + " (see shared/tarn-py/README.md);"
                + " set TARN_SRC and TARN_PY");
        evictAfter(this::readWithPython);
    }

    @Test
    void marksInTarnsFormatCountWhoeverTouchedThem() {
        // what Python's Path.touch() does to a StatUsage mark: its modification time becomes now
        evictAfter(used -> used.forEach(key -> setMtime(mark(key), Instant.now())));
    }

    private void readWithPython(List<Key> used) {
        StringBuilder script = new StringBuilder("from tarn.location.disk_dict import DiskDict\n")
                .append("d = DiskDict(").append(quote(ssd.root().toString())).append(")\n");
        for (Key key : used) {
            script.append("with d.read(bytes.fromhex('").append(key.hex()).append("'), False) as f:\n")
                    .append("    assert f is not None\n");
        }
        try {
            Path file = Files.writeString(temp.resolve("read.py"), script, StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), file.toString()).redirectErrorStream(true);
            Path stub = Path.of("../../shared/tarn-py/s3fs-stub").toAbsolutePath().normalize();
            builder.environment().put("PYTHONPATH", TARN_SRC + ":" + stub);
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process python = builder.start();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(python.exitValue()).as("Python tarn said: %s", output).isZero();
        } catch (Exception e) {
            throw new AssertionError("Could not run Python tarn: " + e, e);
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
