package io.tarn.format;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Camel writes them ({@code 90d}, {@code 12h}, {@code 1h30m}, {@code 500ms}, a bare number of
 * milliseconds, or ISO-8601 {@code PT1H}), read strictly: Camel's {@code TimeUtils} takes {@code ninety} and {@code 3x}
 * for zero and fails on {@code 90days} deep inside, so every tarn option that holds a duration goes through here.
 */
public final class Durations {
    private static final Pattern MILLIS = Pattern.compile("\\d+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
    private static final List<String> ORDER = List.of("d", "h", "m", "s", "ms");
    static final String ACCEPTED = "a number with a unit, largest first: d, h, m, s, ms (90d, 12h, 1h30m, 500ms),"
                                   + " a number of milliseconds, or ISO-8601 (PT1H)";

    private Durations() {
    }

    /**
     * @param what names the option for the error message, e.g. {@code "gcOlderThan"}
     * @throws IllegalArgumentException naming the option, the text and what is accepted
     */
    public static Duration parse(String text, String what) {
        String trimmed = text == null ? "" : text.trim();
        if (MILLIS.matcher(trimmed).matches()) {
            try {
                return Duration.ofMillis(Long.parseLong(trimmed));
            } catch (NumberFormatException e) {
                throw invalid(text, what, e);
            }
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                Duration iso = Duration.parse(trimmed);
                if (iso.isNegative()) {
                    throw invalid(text, what, null);
                }
                return iso;
            } catch (DateTimeParseException e) {
                throw invalid(text, what, e);
            }
        }
        Matcher part = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int lastUnit = -1;
        while (!trimmed.isEmpty() && part.lookingAt()) {
            int unit = ORDER.indexOf(part.group(2));
            if (unit <= lastUnit) {
                break;
            }
            lastUnit = unit;
            try {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "d" -> Duration.ofDays(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    default -> Duration.ofMillis(amount);
                });
            } catch (NumberFormatException | ArithmeticException e) {
                throw invalid(text, what, e);
            }
            if (part.end() == trimmed.length()) {
                return total;
            }
            part.region(part.end(), trimmed.length());
        }
        throw invalid(text, what, null);
    }

    private static IllegalArgumentException invalid(String text, String what, Exception cause) {
        return new IllegalArgumentException("Invalid duration '" + text + "' for " + what + ": give " + ACCEPTED, cause);
    }
}
