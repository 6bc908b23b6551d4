package io.tarn.camel.backend.redis;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import io.tarn.Key;
import io.tarn.LocationException;

/**
 * Python tarn's Redis key layout, byte for byte ({@code tarn/location/redis.py}): for a prefix {@code P} and the raw
 * digest bytes {@code D} of a key, the value lives under {@code P + D}, its labels under {@code b"labels" + P + D} and
 * its usage date under {@code b"usage_date" + P + D}. A usage date is what redis-py stores for
 * {@code datetime.now().timestamp()}: epoch seconds as a decimal string ({@code 1732470000.123456}).
 */
final class RedisLayout {
    private static final byte[] LABELS = "labels".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USAGE = "usage_date".getBytes(StandardCharsets.US_ASCII);

    private final byte[] prefix;
    private final int digestSize;

    RedisLayout(byte[] prefix, int digestSize) {
        this.prefix = prefix.clone();
        this.digestSize = digestSize;
    }

    byte[] content(Key key) {
        return concat(prefix, key.bytes());
    }

    byte[] labels(Key key) {
        return concat(LABELS, prefix, key.bytes());
    }

    byte[] usage(Key key) {
        return concat(USAGE, prefix, key.bytes());
    }

    /** The SCAN MATCH pattern for every key that starts with the prefix (glob characters in it escaped). */
    byte[] scanPattern() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + 8);
        for (byte b : prefix) {
            if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
                out.write('\\');
            }
            out.write(b);
        }
        out.write('*');
        return out.toByteArray();
    }

    /**
     * The key a scanned Redis key holds a value for; empty for other keys under the prefix. Labels and usage keys of
     * this layout never match: they are longer than prefix + digest.
     */
    Optional<Key> keyOf(byte[] redisKey) {
        if (redisKey.length != prefix.length + digestSize
            || !Arrays.equals(redisKey, 0, prefix.length, prefix, 0, prefix.length)) {
            return Optional.empty();
        }
        return Optional.of(Key.of(Arrays.copyOfRange(redisKey, prefix.length, redisKey.length)));
    }

    /** The prefix for messages: as text when it is printable ASCII, else as hex. */
    String describePrefix() {
        for (byte b : prefix) {
            if (b < 0x20 || b > 0x7e) {
                return "0x" + HexFormat.of().formatHex(prefix);
            }
        }
        return "'" + new String(prefix, StandardCharsets.US_ASCII) + "'";
    }

    boolean hasPrefix() {
        return prefix.length > 0;
    }

    /** Epoch seconds with microseconds, trailing zeros dropped, as Python's repr of a timestamp float reads. */
    static byte[] formatDate(Instant instant) {
        BigDecimal seconds = BigDecimal.valueOf(instant.getEpochSecond())
                .add(BigDecimal.valueOf(instant.getNano() / 1000, 6)).stripTrailingZeros();
        String text = seconds.scale() <= 0 ? seconds.toBigInteger() + ".0" : seconds.toPlainString();
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Parses any decimal epoch seconds (Python writes them with up to microseconds, maybe in exponent form). */
    static Instant parseDate(byte[] stored, Key key, Object location) {
        String text = new String(stored, StandardCharsets.US_ASCII).trim();
        try {
            BigDecimal micros = new BigDecimal(text).movePointRight(6);
            return Instant.EPOCH.plus(micros.longValue(), ChronoUnit.MICROS);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new LocationException("The usage date of " + key + " in " + location + " is not epoch seconds: '"
                                        + text + "'; delete the usage_date key or fix it", e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
