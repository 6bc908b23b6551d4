package io.tarn.format;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.tarn.HashAlgorithm;
import io.tarn.LocationSpecException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskConfigTest {
    private static final String SRC = "/lake/config.yml";

    private static DiskConfig parse(String text) {
        return DiskConfig.parse(text, SRC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "", "\n", "# nothing configured\n", "levels:\n", "levels: null\n"})
    void emptyConfigMeansTarnDefaults(String text) {
        DiskConfig config = parse(text);
        assertThat(config.levels()).containsExactly(1, -1);
        assertThat(config.hash()).isNull();
        assertThat(config.usage()).isNull();
        assertThat(config.labels()).isNull();
        assertThat(config.freeDiskSize()).isZero();
        assertThat(config.maxSize()).isNull();
        assertThat(config).isEqualTo(DiskConfig.defaults());
    }

    @Test
    void hashAloneDerivesLevelsFromTheDigestSize() {
        DiskConfig sha256 = parse("hash: sha256\n");
        assertThat(sha256.hash()).isEqualTo(HashAlgorithm.SHA256);
        assertThat(sha256.levels()).containsExactly(1, 31);

        DiskConfig sha512 = parse("hash: sha512\n");
        assertThat(sha512.hash()).isEqualTo(HashAlgorithm.byName("sha512"));
        assertThat(sha512.levels()).containsExactly(1, 63);

        // the form Python tarn writes (HashConfig dumped as a mapping)
        assertThat(parse("hash:\n  name: sha512\n")).isEqualTo(sha512);
        assertThat(parse("hash:\n  name: md5\n").levels()).containsExactly(1, 15);
    }

    @Test
    void explicitLevelsWinOverTheHashDefault() {
        DiskConfig config = parse("hash: sha256\nlevels: [2, -1]\n");
        assertThat(config.levels()).containsExactly(2, -1);
        assertThat(parse("levels:\n- 1\n- 31\n").levels()).containsExactly(1, 31);
        assertThat(parse("levels: [32]\n").levels()).containsExactly(32);
        assertThat(parse("levels: [1, 1, 1, -1]\n").levels()).containsExactly(1, 1, 1, -1);
        // a lone -1 is "the whole key", as Python tarn's key_to_relative reads it
        assertThat(parse("levels: [-1]\n").levels()).containsExactly(-1);
    }

    @Test
    void unknownKeyIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> parse("levels: [1, -1]\ncompression: zstd\n"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("compression")
                .hasMessageContaining(SRC);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "levels: [1, -1\n",
            "levels: [1, -1]\n  bad indent: : :\n",
            "a: b: c\n",
            "\"unterminated\n",
    })
    void malformedYamlIsASpecError(String text) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining(SRC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"- 1\n- -1\n", "just text\n", "42\n"})
    void aConfigThatIsNotAMappingIsASpecError(String text) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("mapping");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "levels: [0, -1]\n",
            "levels: [-1, 1]\n",
            "levels: [1, 2]\n",
            "levels: [1, 32]\n",
            "levels: [32, -1]\n",
            "levels: []\n",
            "levels: [1, -2]\n",
            "levels: 1\n",
            "levels: [a, b]\n",
            "levels: [1.5, -1]\n",
            "hash: sha512\nlevels: [1, 31]\n",
    })
    void badLevelsAreASpecError(String text) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("levels");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "levels: [2147483647, 2147483647, -1]\n", // the sum wrapped to -2 and passed: every write then failed
            "levels: [2147483647, 2147483647, 2147483647, 2147483647, 2147483647, 2147483647, 2147483647, 2147483647, -1]\n",
            "levels: [2147483647, 1]\n",
    })
    void hugeLevelsAreRefusedWithoutOverflow(String text) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("do not fit a sha256 key of 32 bytes")
                .hasMessageContaining("at line 1, column 9");
    }

    @Test
    void refusalsSayWhereInTheFile() {
        assertThatThrownBy(() -> parse("# a lake\nusage: StatUsage\nhash: blake9\n"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining(SRC)
                .hasMessageEndingWith("at line 3, column 7");
        assertThatThrownBy(() -> parse("levels:\n  - 1\n  - x\n"))
                .hasMessageContaining("at line 2, column 3");
        assertThatThrownBy(() -> parse("free_disk_size: lots\n"))
                .hasMessageContaining("at line 1, column 17");
        assertThatThrownBy(() -> parse("levels: [1, -1\n"))
                .hasMessageStartingWith("Malformed " + SRC)
                .hasMessageContaining("line 2");
    }

    @Test
    void aConfigOverSixtyFourKibibytesIsRefusedBeforeItIsParsed() throws Exception {
        String huge = "levels: [1, -1]\n" + "#".repeat(DiskConfig.MAX_BYTES) + "\n";
        assertThatThrownBy(() -> parse(huge))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("too large for a tarn config.yml (at most 65536 bytes)");
        // a stream is read no further than the limit
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                return '#';
            }
        };
        assertThatThrownBy(() -> DiskConfig.read(endless, SRC))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining(SRC + " is over 65536 bytes");
    }

    @Test
    void badLevelsAreRejectedByTheRecordToo() {
        assertThatThrownBy(() -> DiskConfig.defaults().withLevels(List.of(1, 2)))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("[1, 2]")
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> DiskConfig.defaults().withLevels(List.of()))
                .isInstanceOf(LocationSpecException.class);
    }

    @Test
    void unknownHashIsASpecError() {
        assertThatThrownBy(() -> parse("hash: blake9\n"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("blake9")
                .hasMessageContaining(SRC);
        assertThatThrownBy(() -> parse("hash: [sha256]\n"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("hash");
    }

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of("10G", 10_000_000_000L),
                Arguments.of("10GB", 10_000_000_000L),
                Arguments.of("1GiB", 1L << 30),
                Arguments.of("100KiB", 102_400L),
                Arguments.of("100K", 100_000L),
                Arguments.of("5MiB", 5L << 20),
                Arguments.of("1.5G", 1_500_000_000L),
                Arguments.of("2 TB", 2_000_000_000_000L),
                Arguments.of("123", 123L));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void sizesAreHumanFriendly(String text, long bytes) {
        DiskConfig config = parse("free_disk_size: " + text + "\nmax_size: " + text + "\n");
        assertThat(config.freeDiskSize()).isEqualTo(bytes);
        assertThat(config.maxSize()).isEqualTo(bytes);
    }

    @Test
    void bareIntegerSizesAreBytes() {
        DiskConfig config = parse("free_disk_size: 1000\nmax_size: 10000000000\n");
        assertThat(config.freeDiskSize()).isEqualTo(1000);
        assertThat(config.maxSize()).isEqualTo(10_000_000_000L);
        assertThat(parse("max_size: 0\n").maxSize()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"max_size: 10X\n", "max_size: -5\n", "max_size: lots\n", "free_disk_size: [1]\n",
                            "free_disk_size: 1.5\n"})
    void badSizesAreASpecError(String text) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining(text.substring(0, text.indexOf(':')));
    }

    @Test
    void toolsByNameOrAsMapping() {
        DiskConfig plain = parse("usage: StatUsage\nlabels: JsonLabels\n");
        assertThat(plain.usage()).isEqualTo("StatUsage");
        assertThat(plain.labels()).isEqualTo("JsonLabels");
        assertThat(plain.keepsUsage()).isTrue();
        assertThat(plain.keepsLabels()).isTrue();

        DiskConfig mapped = parse("usage:\n  name: StatUsage\nlabels: {name: JsonLabels, args: [], kwargs: {}}\n");
        assertThat(mapped).isEqualTo(plain);

        DiskConfig dummies = parse("usage: DummyUsage\nlabels: DummyLabels\nlocker: DummyLocker\nsize: DummySize\n");
        assertThat(dummies.keepsUsage()).isFalse();
        assertThat(dummies.keepsLabels()).isFalse();
        assertThat(dummies.locker()).isEqualTo(LockerConfig.named("DummyLocker"));
        assertThat(dummies.size()).isEqualTo("DummySize");
        assertThat(DiskConfig.defaults().keepsUsage()).isFalse();
    }

    @Test
    void unsupportedToolsAreAClearError() {
        assertThatThrownBy(() -> parse("locker: SpinLocker\n"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("locker")
                .hasMessageContaining("SpinLocker")
                .hasMessageContaining("not a locker");
        assertThatThrownBy(() -> parse("size: RedisSize\n"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("RedisSize");
        assertThatThrownBy(() -> parse("usage:\n  name: StatUsage\n  args: [somewhere]\n"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("args");
        assertThatThrownBy(() -> parse("usage: [StatUsage]\n"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("usage");
    }

    @Test
    void defaultsDumpLikePythonTarn() {
        assertThat(DiskConfig.defaults().toYaml()).isEqualTo("levels:\n- 1\n- -1\n");
        assertThat(DiskConfig.defaults().withLevels(List.of(2, -1)).toYaml()).isEqualTo("levels:\n- 2\n- -1\n");
        assertThat(DiskConfig.defaults().withLevels(List.of(1, 31)).toYaml()).isEqualTo("levels:\n- 1\n- 31\n");
    }

    @Test
    void fullConfigDumpsWithSortedKeysLikeSafeDump() {
        // withHash keeps the levels already set (defaults: [1, -1]); only a config without levels derives them
        DiskConfig config = DiskConfig.defaults().withHash(HashAlgorithm.SHA256).withTools()
                .withLimits(10_000_000_000L, 1L << 30);
        // what tarn 0.14.0's init_storage writes under pydantic 1 for StorageConfig(free_disk_size='10G', hash='sha256',
        // labels='JsonLabels', levels=[1, -1], max_size='1GiB', usage='StatUsage'): tools keep their empty kwargs
        assertThat(config.toYaml()).isEqualTo(
                "free_disk_size: 10000000000\n"
                + "hash:\n  name: sha256\n"
                + "labels:\n  kwargs: {}\n  name: JsonLabels\n"
                + "levels:\n- 1\n- -1\n"
                + "max_size: 1073741824\n"
                + "usage:\n  kwargs: {}\n  name: StatUsage\n");
        List<String> topKeys = config.toYaml().lines().filter(l -> !l.startsWith(" ") && !l.startsWith("-"))
                .map(l -> l.substring(0, l.indexOf(':'))).toList();
        assertThat(topKeys).isSorted();
    }

    /**
     * config.yml as Python tarn 0.14.0's {@code init_storage} writes it under pydantic 1 (Debian's 1.10.4, as the
     * shared fixtures were written) and, for the same settings, under pydantic 2 (2.13.4).
     */
    static Stream<Arguments> writtenByTarn() {
        return Stream.of(
                Arguments.of("hash: sha256, usage: StatUsage, labels: JsonLabels",
                        "hash:\n  name: sha256\nlabels:\n  kwargs: {}\n  name: JsonLabels\nlevels:\n- 1\n- 31\nusage:\n"
                        + "  kwargs: {}\n  name: StatUsage\n",
                        "hash:\n  kwargs: {}\n  name: sha256\nlabels:\n  name: JsonLabels\nlevels:\n- 1\n- 31\nusage:\n"
                        + "  name: StatUsage\n"),
                Arguments.of("every key",
                        "free_disk_size: 10000000000\nhash:\n  name: sha256\nlabels:\n  kwargs: {}\n  name: JsonLabels\n"
                        + "levels:\n- 1\n- -1\nmax_size: 1073741824\nusage:\n  kwargs: {}\n  name: StatUsage\n",
                        "free_disk_size: 10000000000\nhash:\n  kwargs: {}\n  name: sha256\nlabels:\n  name: JsonLabels\n"
                        + "levels:\n- 1\n- -1\nmax_size: 1073741824\nusage:\n  name: StatUsage\n"),
                Arguments.of("dummy tools",
                        "labels:\n  kwargs: {}\n  name: DummyLabels\nlevels:\n- 1\n- -1\nlocker:\n  kwargs: {}\n"
                        + "  name: GlobalThreadLocker\nsize:\n  kwargs: {}\n  name: DummySize\nusage:\n  kwargs: {}\n"
                        + "  name: DummyUsage\n",
                        "labels:\n  name: DummyLabels\nlevels:\n- 1\n- -1\nlocker:\n  name: GlobalThreadLocker\nsize:\n"
                        + "  name: DummySize\nusage:\n  name: DummyUsage\n"),
                Arguments.of("hash: {name: blake2b, digest_size: 32}, levels: [2, -1], tools",
                        "hash:\n  digest_size: 32\n  name: blake2b\nlabels:\n  kwargs: {}\n  name: JsonLabels\nlevels:\n"
                        + "- 2\n- -1\nusage:\n  kwargs: {}\n  name: StatUsage\n",
                        "hash:\n  kwargs:\n    digest_size: 32\n  name: blake2b\nlabels:\n  name: JsonLabels\nlevels:\n"
                        + "- 2\n- -1\nusage:\n  name: StatUsage\n"),
                Arguments.of("hash: {name: md5, usedforsecurity: False}",
                        "hash:\n  name: md5\n  usedforsecurity: false\nlevels:\n- 1\n- 15\n",
                        "hash:\n  kwargs:\n    usedforsecurity: false\n  name: md5\nlevels:\n- 1\n- 15\n"),
                Arguments.of("hash: blake2s, free_disk_size: 1000",
                        "free_disk_size: 1000\nhash:\n  name: blake2s\nlevels:\n- 1\n- 31\n",
                        "free_disk_size: 1000\nhash:\n  kwargs: {}\n  name: blake2s\nlevels:\n- 1\n- 31\n"),
                Arguments.of("max_size: 0",
                        "levels:\n- 1\n- -1\nmax_size: 0\n",
                        "levels:\n- 1\n- -1\nmax_size: 0\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writtenByTarn")
    void writesBackWhatTarnWroteUnderPydantic1(String settings, String pydantic1, String pydantic2) {
        assertThat(parse(pydantic1).toYaml()).isEqualTo(pydantic1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writtenByTarn")
    void readsWhatTarnWroteUnderPydantic2(String settings, String pydantic1, String pydantic2) {
        assertThat(parse(pydantic2)).isEqualTo(parse(pydantic1));
        // the same settings, kwargs included, so the same text once written again
        assertThat(parse(pydantic2).toYaml()).isEqualTo(pydantic1);
    }

    @Test
    void hashKwargsBesideTheNameOrUnderKwargs() {
        DiskConfig flat = parse("hash:\n  digest_size: 32\n  name: blake2b\n");
        assertThat(flat.hash().name()).isEqualTo("blake2b");
        assertThat(flat.hash().digestSize()).isEqualTo(32);
        assertThat(flat.hash().kwargs()).containsExactly(Map.entry("digest_size", 32));
        assertThat(flat.levels()).containsExactly(1, 31);
        assertThat(parse("hash: {name: blake2b, kwargs: {digest_size: 32}}\n")).isEqualTo(flat);
        assertThat(parse("hash: {name: blake2b, kwargs: null, digest_size: 32}\n")).isEqualTo(flat);
        // hashlib's default size, spelled out or not, is the same digest
        assertThat(parse("hash: {name: blake2b, digest_size: 64}\n")).isEqualTo(parse("hash: blake2b\n"));
        assertThat(parse("hash: {name: blake2b, digest_size: 64}\n").toYaml())
                .isEqualTo("hash:\n  digest_size: 64\n  name: blake2b\nlevels:\n- 1\n- 63\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "hash: {name: blake2b, digest_size: 16, kwargs: {digest_size: 16}}\n",
            "hash: {name: blake2b, kwargs: [digest_size]}\n",
            "hash: {name: blake2b, digest_size: 65}\n",
            "hash: {name: blake2s, digest_size: 33}\n",
            "hash: {name: blake2b, kwargs: {salt: !!binary AAAA}}\n",
            "hash: {name: sha256, digest_size: 32}\n",
            "hash: {digest_size: 32}\n",
    })
    void badHashArgumentsAreASpecErrorSayingWhere(String text) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining(SRC)
                .hasMessageContaining("at line 1, column 7")
                .hasMessageContaining(text.contains("salt") ? "'salt'" : text.contains("kwargs") ? "kwargs"
                        : text.contains("digest_size") ? "digest_size" : "name");
    }

    @Test
    void aOneByteDigestIsOneLevel() {
        // tarn derives [1, 0] (1, digest_size - 1) and so puts the value at ROOT/ab: one level of one byte
        DiskConfig config = parse("hash: {name: blake2b, digest_size: 1}\n");
        assertThat(config.levels()).containsExactly(1);
        assertThat(parse(config.toYaml())).isEqualTo(config);
        assertThatThrownBy(() -> parse("hash: {name: blake2b, digest_size: 1}\nlevels: [1, 0]\n"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("[1, 0]");
    }

    static Stream<DiskConfig> configs() {
        DiskConfig d = DiskConfig.defaults();
        return Stream.of(
                d,
                d.withLevels(List.of(2, -1)),
                d.withLevels(List.of(1, 31)),
                d.withLevels(List.of(32)),
                d.withHash(HashAlgorithm.SHA256),
                d.withHash(HashAlgorithm.byName("sha512")),
                d.withHash(HashAlgorithm.byName("sha3_256")).withLevels(List.of(2, 2, -1)),
                d.withHash(HashAlgorithm.of("blake2b", Map.of("digest_size", 32))).withTools(),
                d.withHash(HashAlgorithm.of("blake2s", Map.of("digest_size", 16, "usedforsecurity", false))),
                d.withHash(HashAlgorithm.byName("blake2s")),
                d.withTools(),
                d.withLimits(1000, null),
                d.withLimits(0, 0L),
                d.withLimits(5L << 30, 10_000_000_000L).withTools(),
                new DiskConfig(null, null, LockerConfig.named("GlobalThreadLocker"), "DummySize", "DummyUsage", "DummyLabels",
                        0, null),
                d.withLocker(LockerConfig.redis("127.0.0.1", 6379, "tarn.tests", 10)));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void toYamlRoundTrips(DiskConfig config) {
        assertThat(parse(config.toYaml())).isEqualTo(config);
        assertThat(parse(config.toYaml()).toYaml()).isEqualTo(config.toYaml());
    }

    @Test
    void sizesParseAndFormat() {
        assertThat(Sizes.parse("10G", "x")).isEqualTo(10_000_000_000L);
        assertThat(Sizes.parse("1GiB", "x")).isEqualTo(1L << 30);
        assertThat(Sizes.parse("100KiB", "x")).isEqualTo(102_400L);
        assertThat(Sizes.parse("100kib", "x")).isEqualTo(102_400L);
        assertThat(Sizes.parse("7", "x")).isEqualTo(7L);
        assertThat(Sizes.parse("7 bytes", "x")).isEqualTo(7L);
        assertThat(Sizes.parse("1P", "x")).isEqualTo(1_000_000_000_000_000L);

        assertThat(Sizes.format(102_400)).isEqualTo("100KiB");
        assertThat(Sizes.format(10_000_000_000L)).isEqualTo("10G");
        assertThat(Sizes.format(1L << 30)).isEqualTo("1GiB");
        assertThat(Sizes.format(1000)).isEqualTo("1K");
        assertThat(Sizes.format(123)).isEqualTo("123");
        assertThat(Sizes.format(0)).isEqualTo("0");
        for (long n : new long[]{0, 1, 999, 1000, 1023, 1024, 1500, 102_400, 2_048_000, 1L << 40, 3_000_000_000_000L,
                                 123_456_789L}) {
            assertThat(Sizes.parse(Sizes.format(n), "round trip")).as("round trip of %d", n).isEqualTo(n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "G", "-1", "10X", "1.0000001K", "1e3", "99999999999P"})
    void badSizesNameTheOption(String text) {
        assertThatThrownBy(() -> Sizes.parse(text, "max_size in " + SRC))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("max_size in " + SRC);
        assertThatThrownBy(() -> Sizes.parse(null, "max_size")).isInstanceOf(LocationSpecException.class);
    }
}
