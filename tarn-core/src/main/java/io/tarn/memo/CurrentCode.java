package io.tarn.memo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The memoized steps running in this JVM, per memo index, with the fingerprint of their current code: what gc's
 * {@code keepCurrentCodeOnly} keeps. A step registers when it starts and leaves when it stops; the fingerprint is
 * asked for only when a gc needs it.
 */
public final class CurrentCode {
    private static final ConcurrentMap<String, ConcurrentMap<String, Supplier<Fingerprint>>> STEPS
            = new ConcurrentHashMap<>();

    private CurrentCode() {
    }

    /** The step {@code step}, indexed in {@code index}, runs the code {@code fingerprint} gives. */
    public static void register(MemoIndex index, String step, Supplier<Fingerprint> fingerprint) {
        if (step != null) {
            STEPS.computeIfAbsent(index.toString(), i -> new ConcurrentHashMap<>()).put(step, fingerprint);
        }
    }

    public static void unregister(MemoIndex index, String step) {
        if (step != null) {
            STEPS.computeIfPresent(index.toString(), (i, steps) -> {
                steps.remove(step);
                return steps.isEmpty() ? null : steps;
            });
        }
    }

    /** The steps of {@code index} running here: step name to the digest of its current code. */
    public static Map<String, String> of(MemoIndex index) {
        Map<String, String> digests = new TreeMap<>();
        STEPS.getOrDefault(index.toString(), new ConcurrentHashMap<>())
                .forEach((step, fingerprint) -> digests.put(step, fingerprint.get().digest()));
        return digests;
    }
}
