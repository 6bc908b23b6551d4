package io.tarn.location.disk;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.tarn.HashAlgorithm;
import io.tarn.HashVectors;
import io.tarn.HashVectors.Vector;
import io.tarn.InvalidKeyException;
import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.format.DiskConfig;
import io.tarn.lake.Lake;
import io.tarn.location.Entry;
import io.tarn.location.VerifyReport;

import static io.tarn.HashVectors.EMPTY;
import static io.tarn.HashVectors.HELLO;
import static io.tarn.HashVectors.PATTERN;
import static io.tarn.TestData.files;
import static io.tarn.TestData.relative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every hash Python tarn's config.yml can name: digests byte-identical to Python's hashlib, lakes that round-trip, and
 * the lakes Python tarn 0.14.0 wrote with each (src/test/resources/tarn-py-hashes, made by its make_lakes.py).
 */
class HashedLakesTest {
    @TempDir
    Path temp;

    static Stream<Vector> vectors() {
        return HashVectors.ALL.stream();
    }

    static Stream<Vector> pythonLakes() {
        return HashVectors.ALL.stream().filter(v -> v.lake() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void digestsAreHashlibs(Vector vector) throws IOException {
        HashAlgorithm algorithm = vector.algorithm();
        assertThat(algorithm.digestSize()).isEqualTo(vector.digestSize());
        assertThat(algorithm.digest(EMPTY).hex()).isEqualTo(vector.empty());
        assertThat(algorithm.digest(HELLO).hex()).isEqualTo(vector.hello());
        assertThat(algorithm.digest(PATTERN).hex()).isEqualTo(vector.pattern());
        assertThat(algorithm.digest(new ByteArrayInputStream(PATTERN)).hex()).isEqualTo(vector.pattern());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void keysHaveTheDigestsLength(Vector vector) {
        HashAlgorithm algorithm = vector.algorithm();
        assertThat(algorithm.parseKey(vector.hello().toUpperCase())).isEqualTo(algorithm.digest(HELLO));
        assertThatThrownBy(() -> algorithm.parseKey(vector.hello() + "00"))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining(vector.digestSize() * 2 + " hex characters");
        assertThatThrownBy(() -> algorithm.parseKey(vector.hello().substring(2)))
                .isInstanceOf(InvalidKeyException.class);
        // tarn's default levels, [1, digest_size - 1]: one byte, then the rest
        DiskConfig config = DiskConfig.parse("hash: " + vector.hashYaml() + "\n", "test");
        assertThat(config.levels()).isEqualTo(vector.digestSize() == 1 ? List.of(1) : List.of(1, vector.digestSize() - 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aLakeRoundTrips(Vector vector) throws IOException {
        DiskConfig config = DiskConfig.parse("hash: " + vector.hashYaml() + "\n", "test");
        Path root = temp.resolve("lake");
        DiskLocation disk = DiskLocation.open(root, config);
        try (Lake lake = new Lake(disk)) {
            assertThat(lake.algorithm()).isEqualTo(vector.algorithm());
            Key hello = lake.write(HELLO);
            Key pattern = lake.write(new ByteArrayInputStream(PATTERN));
            Key empty = lake.write(EMPTY);
            assertThat(List.of(hello.hex(), pattern.hex(), empty.hex()))
                    .containsExactly(vector.hello(), vector.pattern(), vector.empty());

            String hex = hello.hex();
            String where = vector.digestSize() == 1 ? hex : hex.substring(0, 2) + "/" + hex.substring(2);
            assertThat(relative(root, disk.pathOf(hello))).isEqualTo(where);
            assertThat(root.resolve(where)).isRegularFile().hasBinaryContent(HELLO);

            assertThat(TestData.consume(lake.get(pattern))).isEqualTo(PATTERN);
            assertThat(TestData.consume(lake.get(lake.key(vector.empty())))).isEmpty();
            VerifyReport report = lake.verify(false);
            assertThat(report.checked()).isEqualTo(3);
            assertThat(report.corrupt()).isEmpty();
            try (Stream<Entry> contents = lake.contents()) {
                assertThat(contents.map(Entry::key)).containsExactlyInAnyOrder(hello, pattern, empty);
            }
            assertThat(lake.delete(pattern)).isTrue();
            assertThat(lake.contains(pattern)).isFalse();
        }
        // opened again from the config.yml it wrote
        assertThat(Files.readString(root.resolve(DiskConfig.FILE_NAME))).isEqualTo(config.toYaml());
        try (Lake again = Lake.open(root)) {
            assertThat(again.algorithm()).isEqualTo(vector.algorithm());
            assertThat(again.contains(again.key(vector.hello()))).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pythonLakes")
    void aLakePythonTarnWroteOpens(Vector vector) throws Exception {
        Path root = copyOfPythonLake(vector.lake());
        String text = Files.readString(root.resolve(DiskConfig.FILE_NAME), StandardCharsets.UTF_8);
        try (Lake lake = Lake.open(root)) {
            DiskLocation disk = (DiskLocation) lake.location();
            assertThat(disk.algorithm()).contains(vector.algorithm());
            // what tarn wrote (pydantic 1) is what camel-tarn writes for the same settings
            assertThat(disk.config().toYaml()).isEqualTo(text);

            Key key = lake.key(vector.hello());
            assertThat(relative(root, disk.pathOf(key))).isEqualTo(vector.hello().substring(0, 2) + "/"
                                                                   + vector.hello().substring(2));
            assertThat(TestData.consume(lake.get(key))).isEqualTo(HELLO);
            try (Stream<Entry> contents = lake.contents()) {
                assertThat(contents.map(Entry::key)).containsExactly(key);
            }
            VerifyReport report = lake.verify(false);
            assertThat(report.checked()).isEqualTo(1);
            assertThat(report.corrupt()).isEmpty();
            // a value written by camel-tarn lands where tarn would put it
            Key pattern = lake.write(PATTERN);
            assertThat(pattern.hex()).isEqualTo(vector.pattern());
            assertThat(root.resolve(pattern.hex().substring(0, 2)).resolve(pattern.hex().substring(2)))
                    .hasBinaryContent(PATTERN);
        }
    }

    static Stream<Arguments> largeValues() {
        // hashlib of TestData.sha256Ctr(3 MiB), the shared fixtures' large value
        return Stream.of(
                Arguments.of("blake2b", "778e63bedede6cb1ef5473d498feb94249172583086124d3aa87cd3880ac7d5c1dccf70ff9c134"
                                        + "3f2121b4e413d1e2993de95585d79f0b0ef0088681ccfb9894"),
                Arguments.of("{name: blake2b, digest_size: 32}",
                        "2af19a0e6c4b068f462d644338102cae241936115b3a10d3cdc16b83c46a4b27"),
                Arguments.of("blake2s", "e0a12703438be9c09ff8796f2094d9c5e4a85b3acb540bdccf77691e75cd9c7d"),
                Arguments.of("{name: blake2s, digest_size: 16}", "5c5ee2a0202415e6f4c6e0d2fd11ddfd"),
                Arguments.of("sha3_512", "185e2774835a1145c31e003b8244e8fd606719fb0dd67180eece6a8cab4171bcb9dd588b509dd20f"
                                         + "07a89cebf7ae6381a884f719244ba5bad88915acee8424c2"),
                Arguments.of("md5", "b17d901481b3c42e7689dab82b5a2376"));
    }

    /** A value above the memory limit is hashed while it is spooled, from a stream and from a file. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("largeValues")
    void aLargeValueHashesAsHashlib(String hash, String hex) throws IOException {
        byte[] bytes = TestData.sha256Ctr(3 * 1024 * 1024);
        Path file = Files.write(temp.resolve("value"), bytes);
        DiskConfig config = DiskConfig.parse("hash: " + hash + "\n", "test");
        try (Lake lake = new Lake(DiskLocation.open(temp.resolve("lake"), config))) {
            assertThat(lake.write(new ByteArrayInputStream(bytes)).hex()).isEqualTo(hex);
            assertThat(lake.delete(lake.key(hex))).isTrue();
            assertThat(lake.write(file).hex()).isEqualTo(hex);
            assertThat(lake.verify(false).corrupt()).isEmpty();
        }
    }

    /**
     * camel-tarn without its optional Bouncy Castle: a lake that names BLAKE2 fails at open naming the artifact to add;
     * others still open. Run in a class loader that has the test class path less bcprov.
     */
    @Test
    void aBlake2LakeWithoutBouncyCastleNamesTheArtifact() throws Exception {
        Path blake2 = Files.createDirectories(temp.resolve("blake2"));
        Files.writeString(blake2.resolve(DiskConfig.FILE_NAME), "hash:\n  digest_size: 32\n  name: blake2b\nlevels:\n- 1\n- 31\n");
        Path sha = Files.createDirectories(temp.resolve("sha"));
        Files.writeString(sha.resolve(DiskConfig.FILE_NAME), "hash:\n  name: sha3_256\nlevels:\n- 1\n- 31\n");

        try (URLClassLoader withoutBouncyCastle = classPathWithout("bcprov")) {
            assertThatThrownBy(() -> withoutBouncyCastle.loadClass("org.bouncycastle.crypto.digests.Blake2bDigest"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> diskLocation = withoutBouncyCastle.loadClass(DiskLocation.class.getName());
            assertThat(diskLocation).isNotSameAs(DiskLocation.class);

            Throwable failure = null;
            try {
                diskLocation.getMethod("open", Path.class).invoke(null, blake2);
            } catch (InvocationTargetException e) {
                failure = e.getCause();
            }
            assertThat(failure).isNotNull();
            assertThat(failure.getClass().getName()).isEqualTo("io.tarn.LocationSpecException");
            assertThat(withoutBouncyCastle.loadClass("io.tarn.TarnException")).isAssignableFrom(failure.getClass());
            assertThat(failure.getMessage())
                    .contains("blake2b needs Bouncy Castle")
                    .contains("add the dependency org.bouncycastle:bcprov-jdk18on")
                    .contains(blake2.resolve(DiskConfig.FILE_NAME).toString());

            Object opened = diskLocation.getMethod("open", Path.class).invoke(null, sha);
            assertThat(diskLocation.getMethod("algorithm").invoke(opened).toString()).isEqualTo("Optional[sha3_256]");
        }
    }

    private static URLClassLoader classPathWithout(String excluded) throws IOException {
        // surefire hands the test JVM a manifest-only jar; the real class path is in this property
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        boolean found = false;
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.contains(excluded)) {
                found = true;
            } else if (!entry.isBlank()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        assertThat(found).as("%s on the test class path %s", excluded, classPath).isTrue();
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private Path copyOfPythonLake(String name) throws Exception {
        Path source = Path.of(HashedLakesTest.class.getResource("/tarn-py-hashes/" + name + "/config.yml").toURI())
                .getParent();
        Path target = temp.resolve(name);
        for (String file : files(source)) {
            Files.createDirectories(target.resolve(file).getParent());
            Files.copy(source.resolve(file), target.resolve(file));
        }
        assertThat(files(target)).hasSize(2);
        return target;
    }

    @Test
    void everyHashTarnsConfigAcceptsIsCovered() {
        assertThat(HashVectors.ALL.stream().map(v -> v.algorithm().name()).distinct())
                .containsExactlyInAnyOrder("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224",
                        "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s");
        assertThat(HashVectors.ALL.stream().filter(v -> v.lake() != null).map(Vector::lake).toList())
                .allSatisfy(lake -> assertThat(HashedLakesTest.class.getResource("/tarn-py-hashes/" + lake + "/config.yml"))
                        .isNotNull());
    }
}
