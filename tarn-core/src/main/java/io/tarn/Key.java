package io.tarn;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The digest of a value: the address under which every location stores it. Immutable; its text form is
 * lowercase hex. A key parsed from outside is validated for length and alphabet, so it can never name a path.
 */
public final class Key implements Comparable<Key> {
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    private final String hex;

    private Key(byte[] bytes) {
        this(bytes, HEX.formatHex(bytes));
    }

    private Key(byte[] bytes, String hex) {
        this.bytes = bytes;
        this.hex = hex;
    }

    /** A key made of raw digest bytes (copied). */
    public static Key of(byte[] digest) {
        if (digest == null || digest.length == 0) {
            throw new InvalidKeyException("A key must have at least one byte");
        }
        return new Key(digest.clone());
    }

    /**
     * Parses a hex key for the given algorithm. Upper case is accepted and normalised.
     *
     * @throws InvalidKeyException if the text is null, of the wrong length, or not hex
     */
    public static Key parse(String text, HashAlgorithm algorithm) {
        int expected = algorithm.digestSize() * 2;
        if (text == null) {
            throw new InvalidKeyException("No key given: set the CamelTarnKey header (or the body) to a "
                                          + expected + "-character hex " + algorithm.name() + " digest");
        }
        if (text.length() != expected) {
            throw new InvalidKeyException("Invalid key '" + abbreviate(text) + "': a " + algorithm.name() + " key has "
                                          + expected + " hex characters, this one has " + text.length());
        }
        // one pass: validate and decode; a key given in lower case (as every key prints) is kept as its own text
        byte[] bytes = new byte[expected / 2];
        boolean lower = true;
        for (int i = 0; i < expected; i++) {
            char c = text.charAt(i);
            int digit;
            // ASCII only: Character.digit also accepts full-width and other Unicode digits
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
                lower = false;
            } else {
                throw new InvalidKeyException("Invalid key '" + abbreviate(text) + "': character " + i + " ("
                                              + (c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c))
                                              + ") is not a hex digit");
            }
            bytes[i >> 1] |= (byte) ((i & 1) == 0 ? digit << 4 : digit);
        }
        return lower ? new Key(bytes, text) : new Key(bytes);
    }

    private static String abbreviate(String text) {
        String safe = text.replaceAll("\\p{Cntrl}", "?");
        return safe.length() > 80 ? safe.substring(0, 77) + "..." : safe;
    }

    public String hex() {
        return hex;
    }

    /** A copy of the digest bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Length of the digest in bytes. */
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Key o) {
        return hex.compareTo(o.hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
