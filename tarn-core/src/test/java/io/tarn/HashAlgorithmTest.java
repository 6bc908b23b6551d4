package io.tarn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tarn.HashVectors.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** hashlib's constructors by name and keyword arguments; the digests themselves are checked in HashedLakesTest. */
class HashAlgorithmTest {

    static Stream<Vector> vectors() {
        return HashVectors.ALL.stream();
    }

    private static HashAlgorithm of(String name, Object... kwargs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < kwargs.length; i += 2) {
            map.put((String) kwargs[i], kwargs[i + 1]);
        }
        return HashAlgorithm.of(name, map);
    }

    @Test
    void blake2DigestSizesAreHashlibs() {
        assertThat(HashAlgorithm.byName("blake2b").digestSize()).isEqualTo(64);
        assertThat(HashAlgorithm.byName("blake2s").digestSize()).isEqualTo(32);
        for (int size = 1; size <= 64; size++) {
            assertThat(of("blake2b", "digest_size", size).digestSize()).isEqualTo(size);
            assertThat(of("blake2b", "digest_size", size).digest(new byte[0]).size()).isEqualTo(size);
        }
        for (int size = 1; size <= 32; size++) {
            assertThat(of("blake2s", "digest_size", size).digest(new byte[0]).size()).isEqualTo(size);
        }
        // YAML gives a Long for a number it reads as one
        assertThat(of("blake2b", "digest_size", 32L)).isEqualTo(of("blake2b", "digest_size", 32));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65, 1000})
    void blake2bDigestSizeOutOfRangeIsRefused(int size) {
        assertThatThrownBy(() -> of("blake2b", "digest_size", size))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("digest_size must be a whole number of bytes from 1 to 64")
                .hasMessageContaining("'" + size + "'");
    }

    static Stream<Arguments> badDigestSizes() {
        return Stream.of(Arguments.of("blake2s", 33), Arguments.of("blake2s", 64), Arguments.of("blake2b", "32"),
                Arguments.of("blake2b", 32.0), Arguments.of("blake2b", true), Arguments.of("blake2b", List.of(32)));
    }

    @ParameterizedTest
    @MethodSource("badDigestSizes")
    void digestSizesHashlibRefusesAreRefused(String name, Object size) {
        assertThatThrownBy(() -> of(name, "digest_size", size))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("digest_size")
                .hasMessageContaining(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"key", "salt", "person", "fanout", "depth", "leaf_size", "node_offset", "node_depth",
                            "inner_size", "last_node", "data", "string"})
    void blake2ArgumentsThatChangeTheDigestAreRefusedByName(String kwarg) {
        assertThatThrownBy(() -> of("blake2b", kwarg, 1))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("'" + kwarg + "' changes the digest and is not supported")
                .hasMessageContaining("supported: digest_size, usedforsecurity");
    }

    @Test
    void argumentsAnAlgorithmDoesNotTakeAreRefusedByName() {
        assertThatThrownBy(() -> of("sha256", "digest_size", 16))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("'digest_size' is not an argument camel-tarn knows for hashlib.sha256")
                .hasMessageContaining("supported: usedforsecurity");
        assertThatThrownBy(() -> of("sha256", "string", "abc"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("'string' changes the digest");
        assertThatThrownBy(() -> of("blake2s", "digestsize", 16))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("'digestsize' is not an argument");
    }

    @Test
    void usedForSecurityIsKeptAndChangesNothing() {
        HashAlgorithm md5 = of("md5", "usedforsecurity", false);
        assertThat(md5.kwargs()).containsExactly(Map.entry("usedforsecurity", false));
        assertThat(md5).isEqualTo(HashAlgorithm.byName("md5"));
        assertThat(md5.digest(new byte[0]).hex()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(of("blake2b", "usedforsecurity", true, "digest_size", 16).kwargs())
                .containsExactly(Map.entry("digest_size", 16), Map.entry("usedforsecurity", true));
        assertThatThrownBy(() -> of("md5", "usedforsecurity", "no"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("usedforsecurity must be true or false");
    }

    @Test
    void shakeAndUnknownNamesAreRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> HashAlgorithm.byName("shake_128"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("no fixed digest size")
                .hasMessageContaining("blake2b, blake2s, md5, sha1, sha224, sha256, sha384, sha3_224, sha3_256, sha3_384,"
                                      + " sha3_512, sha512");
        assertThatThrownBy(() -> HashAlgorithm.byName("blake3"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("Unknown hash algorithm 'blake3'");
    }

    @Test
    void equalMeansTheSameDigestFunction() {
        assertThat(of("blake2b", "digest_size", 64)).isEqualTo(HashAlgorithm.byName("blake2b"))
                .hasSameHashCodeAs(HashAlgorithm.byName("blake2b"));
        assertThat(of("blake2b", "digest_size", 32)).isNotEqualTo(HashAlgorithm.byName("blake2b"));
        assertThat(of("blake2s", "digest_size", 32)).isNotEqualTo(of("blake2b", "digest_size", 32));
        assertThat(HashAlgorithm.byName("BLAKE2B")).isEqualTo(HashAlgorithm.byName("blake2b"));
        assertThat(HashAlgorithm.byName("sha3_256")).isNotEqualTo(HashAlgorithm.SHA256);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void toStringParsesBack(Vector vector) {
        HashAlgorithm algorithm = vector.algorithm();
        assertThat(HashAlgorithm.parse(algorithm.toString())).isEqualTo(algorithm);
        assertThat(HashAlgorithm.parse(algorithm.toString()).kwargs()).isEqualTo(algorithm.kwargs());
        assertThat(HashAlgorithm.parse(algorithm.toString()).toString()).isEqualTo(algorithm.toString());
    }

    @Test
    void toStringIsPythonsCall() {
        assertThat(HashAlgorithm.SHA256).hasToString("sha256");
        assertThat(of("blake2b", "digest_size", 32)).hasToString("blake2b(digest_size=32)");
        HashAlgorithm both = of("blake2s", "usedforsecurity", false, "digest_size", 16);
        assertThat(both).hasToString("blake2s(digest_size=16, usedforsecurity=False)");
        assertThat(HashAlgorithm.parse(both.toString()).kwargs()).isEqualTo(both.kwargs());
        assertThat(HashAlgorithm.parse(" blake2b ( digest_size = 20 ) ").digestSize()).isEqualTo(20);
        assertThat(HashAlgorithm.parse("sha512()")).isEqualTo(HashAlgorithm.byName("sha512"));
        assertThatThrownBy(() -> HashAlgorithm.parse("blake2b(32)"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("keyword arguments");
        assertThatThrownBy(() -> HashAlgorithm.parse(null)).isInstanceOf(LocationSpecException.class);
    }

    @Test
    void aFreshDigestEachTime() throws Exception {
        HashAlgorithm blake2s = of("blake2s", "digest_size", 16);
        Key first = blake2s.digest(HashVectors.HELLO);
        assertThat(blake2s.digest(new ByteArrayInputStream(HashVectors.HELLO))).isEqualTo(first);
        assertThat(blake2s.newDigest()).isNotSameAs(blake2s.newDigest());
        assertThat(blake2s.newDigest().getDigestLength()).isEqualTo(16);
    }
}
