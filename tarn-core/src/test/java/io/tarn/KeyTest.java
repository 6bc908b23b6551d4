package io.tarn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTest {
    private static final String HELLO = "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";

    @Test
    void parsesLowercaseHex() {
        Key key = Key.parse(HELLO, HashAlgorithm.SHA256);
        assertThat(key.hex()).isEqualTo(HELLO);
        assertThat(key.toString()).isEqualTo(HELLO);
        assertThat(key.size()).isEqualTo(32);
        assertThat(key.bytes()).isEqualTo(HexFormat.of().parseHex(HELLO));
    }

    @Test
    void acceptsUppercaseAndNormalisesIt() {
        Key upper = Key.parse(HELLO.toUpperCase(), HashAlgorithm.SHA256);
        assertThat(upper.hex()).isEqualTo(HELLO);
        assertThat(upper).isEqualTo(Key.parse(HELLO, HashAlgorithm.SHA256));
        assertThat(upper.hashCode()).isEqualTo(Key.parse(HELLO, HashAlgorithm.SHA256).hashCode());
    }

    @Test
    void isTheDigestOfTheValue() {
        assertThat(HashAlgorithm.SHA256.digest(TestData.utf8("hello world\n")).hex()).isEqualTo(HELLO);
    }

    @Test
    void nullKeyIsRejected() {
        assertThatThrownBy(() -> Key.parse(null, HashAlgorithm.SHA256))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("No key given")
                .hasMessageContaining("64");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 65, 128})
    void wrongLengthIsRejectedNamingBothLengths(int length) {
        String text = "a".repeat(length);
        assertThatThrownBy(() -> Key.parse(text, HashAlgorithm.SHA256))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("64 hex characters")
                .hasMessageContaining("this one has " + length);
    }

    @Test
    void nonHexCharacterIsRejectedNamingItsPosition() {
        String text = HELLO.substring(0, 5) + "g" + HELLO.substring(6);
        assertThatThrownBy(() -> Key.parse(text, HashAlgorithm.SHA256))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("character 5")
                .hasMessageContaining("'g'")
                .hasMessageContaining("not a hex digit");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "../", "../../etc/passwd", "/etc/passwd", "a9/48904f2f0f", "",
            // 64 characters, but a path
            "../a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a4",
            "a948904f2f0f479b8f8197694b30184b/../f479b8f8197694b30184b0d2ed1c",
            " 948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447",
            "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a44\n",
            "0x48904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447",
    })
    void pathsAndJunkAreRejected(String text) {
        assertThatThrownBy(() -> Key.parse(text, HashAlgorithm.SHA256))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("Invalid key");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\uff10", // FULLWIDTH DIGIT ZERO: Character.digit accepts it, hex does not
            "\uff41", // FULLWIDTH LATIN SMALL LETTER A
            "\u0663", // ARABIC-INDIC DIGIT THREE
    })
    void nonAsciiDigitsAreRejectedAsInvalidKeys(String digit) {
        String text = digit + HELLO.substring(1);
        assertThatThrownBy(() -> Key.parse(text, HashAlgorithm.SHA256))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("character 0")
                .hasMessageContaining("not a hex digit");
    }

    @Test
    void controlCharactersAreNotEchoedRaw() {
        String text = "\u001b[31m" + "a".repeat(59);
        assertThatThrownBy(() -> Key.parse(text, HashAlgorithm.SHA256))
                .isInstanceOf(InvalidKeyException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
    }

    @Test
    void veryLongInputIsAbbreviatedInTheMessage() {
        String text = "f".repeat(10_000);
        assertThatThrownBy(() -> Key.parse(text, HashAlgorithm.SHA256))
                .isInstanceOf(InvalidKeyException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    }

    @Test
    void lengthFollowsTheAlgorithm() {
        HashAlgorithm sha512 = HashAlgorithm.byName("sha512");
        String hex = HexFormat.of().formatHex(TestData.digest("SHA-512", new byte[0]));
        assertThat(sha512.parseKey(hex).size()).isEqualTo(64);
        assertThatThrownBy(() -> sha512.parseKey(HELLO))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("sha512")
                .hasMessageContaining("128 hex characters");
    }

    @Test
    void rawKeysAreCopiedAndMustNotBeEmpty() {
        byte[] raw = HexFormat.of().parseHex(HELLO);
        Key key = Key.of(raw);
        raw[0] = 0;
        assertThat(key.hex()).isEqualTo(HELLO);
        key.bytes()[0] = 0;
        assertThat(key.hex()).isEqualTo(HELLO);
        assertThatThrownBy(() -> Key.of(new byte[0])).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> Key.of(null)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void keysOrderByHex() {
        Key a = Key.parse("0".repeat(64), HashAlgorithm.SHA256);
        Key b = Key.parse("f".repeat(64), HashAlgorithm.SHA256);
        assertThat(a).isLessThan(b);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void algorithmsByPythonAndJcaName() {
        assertThat(HashAlgorithm.byName("sha256")).isSameAs(HashAlgorithm.SHA256);
        assertThat(HashAlgorithm.byName("SHA-256")).isEqualTo(HashAlgorithm.SHA256);
        assertThat(HashAlgorithm.byName("SHA-256").name()).isEqualTo("sha256");
        assertThat(HashAlgorithm.byName(" Sha256 ")).isEqualTo(HashAlgorithm.SHA256);
        assertThat(HashAlgorithm.SHA256.digestSize()).isEqualTo(32);

        HashAlgorithm sha512 = HashAlgorithm.byName("sha512");
        assertThat(sha512.digestSize()).isEqualTo(64);
        assertThat(sha512.name()).isEqualTo("sha512");
        assertThat(HashAlgorithm.byName("SHA-512")).isEqualTo(sha512);

        HashAlgorithm sha3 = HashAlgorithm.byName("SHA3-256");
        assertThat(sha3.name()).isEqualTo("sha3_256");
        assertThat(sha3.digestSize()).isEqualTo(32);
        assertThat(sha3).isNotEqualTo(HashAlgorithm.SHA256);
        assertThat(sha3.digest(new byte[0]).bytes()).isEqualTo(TestData.digest("SHA3-256", new byte[0]));

        assertThat(HashAlgorithm.byName("md5").digestSize()).isEqualTo(16);
    }

    @Test
    void unknownAlgorithmIsASpecError() {
        assertThatThrownBy(() -> HashAlgorithm.byName("nope"))
                .isInstanceOf(LocationSpecException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("sha256");
        assertThatThrownBy(() -> HashAlgorithm.byName(null)).isInstanceOf(LocationSpecException.class);
        assertThatThrownBy(() -> HashAlgorithm.byName(" ")).isInstanceOf(LocationSpecException.class);
    }
}
