package io.tarn.format;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tarn.LocationSpecException;

/**
 * Human-friendly sizes as Python's {@code humanfriendly.parse_size} reads them: {@code 10G} and {@code 10GB} are
 * 10*10^9 bytes, {@code 1GiB} is 2^30, a bare number is bytes.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)\\s*");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L), Map.entry("byte", 1L), Map.entry("bytes", 1L),
            Map.entry("k", 1000L), Map.entry("kb", 1000L), Map.entry("kib", 1L << 10),
            Map.entry("m", 1000_000L), Map.entry("mb", 1000_000L), Map.entry("mib", 1L << 20),
            Map.entry("g", 1000_000_000L), Map.entry("gb", 1000_000_000L), Map.entry("gib", 1L << 30),
            Map.entry("t", 1000_000_000_000L), Map.entry("tb", 1000_000_000_000L), Map.entry("tib", 1L << 40),
            Map.entry("p", 1000_000_000_000_000L), Map.entry("pb", 1000_000_000_000_000L), Map.entry("pib", 1L << 50));

    private Sizes() {
    }

    /**
     * @param what names the option for the error message, e.g. {@code "max_size in /data/lake/config.yml"}
     */
    public static long parse(String text, String what) {
        Matcher m = text == null ? null : SIZE.matcher(text);
        if (m == null || !m.matches()) {
            throw new LocationSpecException("Invalid size '" + text + "' for " + what
                                            + ": expected a number with an optional unit, e.g. 100KiB, 10G, 1048576");
        }
        Long unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new LocationSpecException("Invalid size unit '" + m.group(2) + "' in '" + text + "' for " + what
                                            + ": use B, K/KB, M/MB, G/GB, T/TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)");
        }
        try {
            return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValueExact();
        } catch (ArithmeticException e) {
            throw new LocationSpecException("Size '" + text + "' for " + what + " is not a whole number of bytes or is too large");
        }
    }

    /** The shortest exact human form: {@code 100KiB}, {@code 10G}, or the bare number. */
    public static String format(long bytes) {
        String[] binary = {"PiB", "TiB", "GiB", "MiB", "KiB"};
        String[] decimal = {"P", "T", "G", "M", "K"};
        for (int i = 0; i < binary.length; i++) {
            long unit = 1L << (10 * (binary.length - i));
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + binary[i];
            }
            long dec = (long) Math.pow(1000, binary.length - i);
            if (bytes >= dec && bytes % dec == 0) {
                return (bytes / dec) + decimal[i];
            }
        }
        return Long.toString(bytes);
    }
}
