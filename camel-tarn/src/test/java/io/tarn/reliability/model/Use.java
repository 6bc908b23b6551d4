package io.tarn.reliability.model;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one operation on a value did, in either process: when it started and ended (the clock both processes share),
 * and what it returned. The child writes one per line to its log, which is how the parent learns what the child was
 * told (a write that returned its key, a read that handed out a value) before it was killed.
 *
 * @param who    {@code parent} or {@code child}
 * @param labels for a write: the labels the lake says the value has afterwards
 */
record Use(String who, Op op, int id, Instant start, Instant end, Result result, Set<String> labels, String detail) {

    enum Op { WRITE, READ, TOUCH, FETCH }

    /**
     * What came back: {@code OK} (a write returned the key, a read handed out bytes that hash to the key, a touch or
     * fetch found it), {@code MISSING} (not found), {@code DECLINED} (no location took the write), {@code WRONG_BYTES}
     * (the bytes or the returned key do not match), {@code GONE} (found, then its bytes could not be read), {@code
     * ERROR} (any other exception; detail says which).
     */
    enum Result { OK, MISSING, DECLINED, WRONG_BYTES, GONE, ERROR }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Whether the value was used: a use the lake must remember (a write acknowledged, a value found). */
    boolean used() {
        return result == Result.OK;
    }

    String line() {
        return "U " + who + " " + op + " " + id + " " + micros(start) + " " + micros(end) + " " + result + " "
               + String.join(",", labels.isEmpty() ? Set.of("-") : labels) + " "
               + URLEncoder.encode(detail == null || detail.isEmpty() ? "-" : detail, StandardCharsets.UTF_8);
    }

    static Use parse(String line) {
        String[] f = line.split(" ");
        Set<String> labels = f[7].equals("-") ? Set.of() : new TreeSet<>(Set.of(f[7].split(",")));
        String detail = URLDecoder.decode(f[8], StandardCharsets.UTF_8);
        return new Use(f[1], Op.valueOf(f[2]), Integer.parseInt(f[3]), instant(f[4]), instant(f[5]),
                Result.valueOf(f[6]), labels, detail.equals("-") ? "" : detail);
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static Instant instant(String micros) {
        return Instant.EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS);
    }

    @Override
    public String toString() {
        return who + " " + op.name().toLowerCase() + " " + Values.name(id) + " at " + start + ": " + result
               + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
