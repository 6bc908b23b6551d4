package io.tarn.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.lake.Lake;
import io.tarn.location.VerifyReport;

/**
 * The word of a fault matrix cell for what one operation gave: one small method per kind of result, so that a change
 * of the API (fetch returning a state per key, a verify report listing more) is one method to adapt.
 */
final class Outcomes {
    private Outcomes() {
    }

    /** A failure: the exception's simple class name. */
    static String failure(Throwable thrown) {
        return thrown.getClass().getSimpleName();
    }

    /**
     * A write: {@code ok} when it returned the key of {@code expected} and the value then reads back intact through
     * the lake; else what was wrong ({@code ok, reads miss}).
     */
    static String written(Lake lake, Key key, byte[] expected, Path outside) throws IOException {
        if (!key.equals(lake.algorithm().digest(expected))) {
            return "wrong key";
        }
        String back = read(lake.read(key), expected, outside);
        return back.equals("value") ? "ok" : "ok, reads " + back;
    }

    /**
     * A read: {@code value} (the bytes equal {@code expected}), {@code corrupt} (other bytes) or {@code miss};
     * {@code via symlink} is added when the value's file lies under {@code outside} (it was read through a symlink).
     * The value is closed.
     */
    static String read(Optional<Value> found, byte[] expected, Path outside) throws IOException {
        if (found.isEmpty()) {
            return "miss";
        }
        try (Value value = found.get(); InputStream in = value.open()) {
            String word = Arrays.equals(in.readAllBytes(), expected) ? "value" : "corrupt";
            Optional<Path> file = value.file();
            boolean outsideRoots = file.isPresent() && file.get().toRealPath().startsWith(outside);
            return outsideRoots ? word + " via symlink" : word;
        }
    }

    /** contains, delete, touch. */
    static String answer(boolean answer) {
        return String.valueOf(answer);
    }

    /** fetch: what the result says of the key. */
    static String fetched(Map<Key, ?> result, Key key) {
        return String.valueOf(result.get(key));
    }

    /**
     * verify: {@code ok} and the report's counts. Keys in {@code ignored} (corrupt copies that another verify may remove
     * first) are left out of both the corrupt and the checked count, so the word does not depend on who removed them.
     */
    static String verified(VerifyReport report, Set<Key> ignored) {
        List<Key> corrupt = report.corrupt().stream().filter(key -> !ignored.contains(key)).toList();
        long checked = report.checked() - (report.corrupt().size() - corrupt.size());
        String word = "ok " + checked + " checked";
        if (!corrupt.isEmpty()) {
            word += ", " + corrupt.size() + " corrupt";
        }
        if (!report.foreign().isEmpty()) {
            word += ", " + report.foreign().size() + " foreign";
        }
        if (report.removedTemporaryFiles() > 0) {
            word += ", " + report.removedTemporaryFiles() + " tmp removed";
        }
        return word;
    }
}
