package io.tarn.location.disk;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import io.tarn.HashAlgorithm;
import io.tarn.InvalidKeyException;
import io.tarn.Key;

/**
 * One line of the change {@link Journal}, and its text form: {@code <millis> <key hex> <crc32c of the rest, %08x>}, so
 * that a line torn by a crash, or not written by camel-tarn, does not check and is skipped.
 *
 * @param millis when the writer appended it (its own clock)
 * @param next the position just after the line
 */
record JournalLine(Key key, long millis, Journal.Position next) {
    /** The bytes of the line for a key, its newline included. */
    static byte[] bytes(Key key, long millis) {
        String text = millis + " " + key.hex();
        CRC32C crc = new CRC32C();
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        crc.update(bytes);
        // "%08x" without a Formatter (a line is made for every value written)
        String hex = Long.toHexString(crc.getValue());
        return (text + " " + "0".repeat(8 - hex.length()) + hex + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The key and time of a line (its newline left out), or null when it does not check (torn, or not ours). */
    static JournalLine parse(String text, Journal.Position next, HashAlgorithm algorithm) {
        int last = text.lastIndexOf(' ');
        int first = text.indexOf(' ');
        if (first <= 0 || last <= first || text.length() - last != 9) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(text.substring(0, last).getBytes(StandardCharsets.US_ASCII));
        if (!String.format("%08x", crc.getValue()).equals(text.substring(last + 1))) {
            return null;
        }
        try {
            return new JournalLine(algorithm.parseKey(text.substring(first + 1, last)),
                    Long.parseLong(text.substring(0, first)), next);
        } catch (InvalidKeyException | NumberFormatException e) {
            return null;
        }
    }
}
