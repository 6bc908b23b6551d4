package io.tarn.reliability.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.tarn.Ingest;
import io.tarn.Key;
import io.tarn.Value;
import io.tarn.WriteDeclinedException;
import io.tarn.lake.Fetched;
import io.tarn.lake.Lake;
import io.tarn.lifecycle.GcReport;
import io.tarn.reliability.model.Use.Op;
import io.tarn.reliability.model.Use.Result;

/**
 * The operations of the model, the same in both processes, each timed and told apart by what it returned: a write,
 * a read (the value's bytes hashed to the end), a touch, a fetch, a gc.
 */
final class Ops {
    /** How a write hands the value over. */
    enum Mode { BYTES, STREAM, FILE, MOVE }

    private Ops() {
    }

    static Use write(String who, Lake lake, int id, Set<String> labels, Mode mode, Path inbox) {
        Instant start = Use.now();
        try {
            Key key = switch (mode) {
                case BYTES -> lake.write(Values.bytes(id), labels);
                case STREAM -> lake.write(new ByteArrayInputStream(Values.bytes(id)), labels);
                case FILE, MOVE -> {
                    Path file = Files.createTempFile(inbox, Values.name(id) + "-", ".in");
                    Files.write(file, Values.bytes(id));
                    Key stored = lake.write(file, labels, mode == Mode.MOVE ? Ingest.MOVE : Ingest.COPY);
                    Files.deleteIfExists(file);
                    yield stored;
                }
            };
            Instant end = Use.now();
            if (!key.equals(Values.key(id))) {
                return new Use(who, Op.WRITE, id, start, end, Result.WRONG_BYTES, Set.of(),
                        "returned key " + key.hex());
            }
            return new Use(who, Op.WRITE, id, start, end, Result.OK, new TreeSet<>(lake.labels(key)), "");
        } catch (WriteDeclinedException e) {
            return new Use(who, Op.WRITE, id, start, Use.now(), Result.DECLINED, Set.of(), e.getMessage());
        } catch (RuntimeException | IOException e) {
            return new Use(who, Op.WRITE, id, start, Use.now(), Result.ERROR, Set.of(), describe(e));
        }
    }

    /** Reads the value and hashes all its bytes, then closes it. */
    static Use read(String who, Lake lake, int id) {
        Instant start = Use.now();
        Optional<Value> value;
        try {
            value = lake.read(Values.key(id));
        } catch (RuntimeException e) {
            return new Use(who, Op.READ, id, start, Use.now(), Result.ERROR, Set.of(), describe(e));
        }
        if (value.isEmpty()) {
            return new Use(who, Op.READ, id, start, Use.now(), Result.MISSING, Set.of(), "");
        }
        return check(who, id, start, value.get());
    }

    /** What a value handed out holds: its bytes hashed to the end; closes it. */
    static Use check(String who, int id, Instant start, Value value) {
        Result result;
        String detail = "";
        try (value) {
            result = hashesTo(value, Values.key(id)) ? Result.OK : Result.WRONG_BYTES;
        } catch (NoSuchFileException e) {
            result = Result.GONE;
            detail = describe(e);
        } catch (IOException | RuntimeException e) {
            result = e.getCause() instanceof NoSuchFileException ? Result.GONE : Result.ERROR;
            detail = describe(e);
        }
        return new Use(who, Op.READ, id, start, Use.now(), result, Set.of(), detail);
    }

    static Use touch(String who, Lake lake, int id) {
        Instant start = Use.now();
        try {
            boolean found = lake.touch(Values.key(id));
            return new Use(who, Op.TOUCH, id, start, Use.now(), found ? Result.OK : Result.MISSING, Set.of(), "");
        } catch (RuntimeException e) {
            return new Use(who, Op.TOUCH, id, start, Use.now(), Result.ERROR, Set.of(), describe(e));
        }
    }

    /** One use per key: found (copied up or not) is a use. */
    static List<Use> fetch(String who, Lake lake, List<Integer> ids) {
        Instant start = Use.now();
        try {
            Map<Key, Fetched> fetched = lake.fetch(ids.stream().map(Values::key).distinct().toList());
            Instant end = Use.now();
            return ids.stream().distinct().map(id -> {
                Fetched outcome = fetched.get(Values.key(id));
                Result result = outcome == null || outcome == Fetched.MISSING ? Result.MISSING : Result.OK;
                return new Use(who, Op.FETCH, id, start, end, result, Set.of(), String.valueOf(outcome));
            }).toList();
        } catch (RuntimeException e) {
            Instant end = Use.now();
            return ids.stream().distinct().map(id -> new Use(who, Op.FETCH, id, start, end, Result.ERROR, Set.of(),
                    describe(e))).toList();
        }
    }

    static GcRun gc(String who, Lake lake, GcRun.Kind kind) {
        Instant before = Use.now();
        try {
            GcReport report = lake.gc(kind.policy);
            return new GcRun(who, kind, report.started(), kind.cutoff(report.started()), null);
        } catch (RuntimeException e) {
            return new GcRun(who, kind, before, kind.cutoff(before), describe(e));
        }
    }

    static boolean hashesTo(Value value, Key key) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = value.open()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return Arrays.equals(sha256.digest(), key.bytes());
    }

    static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
