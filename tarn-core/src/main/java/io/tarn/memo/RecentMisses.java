package io.tarn.memo;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last misses of each memoized step, in memory, for a dev console or a test: at most {@code perStep} per step
 * (newest first) and {@code steps} steps (the step that missed longest ago is forgotten first). Memoized steps record
 * into {@link #shared()} unless given another.
 */
public final class RecentMisses {
    private static final RecentMisses SHARED = new RecentMisses(10, 256);

    private final int perStep;
    private final int steps;
    private final LinkedHashMap<String, Deque<Miss>> misses;

    /** One miss: when, of which step, under which memo key, and why. */
    public record Miss(Instant at, String step, String memoKey, MissReason reason) {
    }

    public RecentMisses(int perStep, int steps) {
        if (perStep < 1 || steps < 1) {
            throw new IllegalArgumentException("RecentMisses keeps at least one miss of one step: perStep=" + perStep
                                               + ", steps=" + steps);
        }
        this.perStep = perStep;
        this.steps = steps;
        this.misses = new LinkedHashMap<>();
    }

    /** The misses of every memoized step of this JVM that was not given its own. */
    public static RecentMisses shared() {
        return SHARED;
    }

    public synchronized void add(Miss miss) {
        Deque<Miss> recent = misses.remove(miss.step());   // put back last: the steps stay in the order they missed
        if (recent == null) {
            recent = new ArrayDeque<>();
        }
        misses.put(miss.step(), recent);
        recent.addFirst(miss);
        if (recent.size() > perStep) {
            recent.removeLast();
        }
        if (misses.size() > steps) {
            misses.remove(misses.keySet().iterator().next());
        }
    }

    /** The step's last misses, newest first. */
    public synchronized List<Miss> of(String step) {
        Deque<Miss> recent = misses.get(step);
        return recent == null ? List.of() : List.copyOf(recent);
    }

    /** Every step's last misses, newest first; the steps in the order they last missed, most recent last. */
    public synchronized Map<String, List<Miss>> byStep() {
        Map<String, List<Miss>> out = new LinkedHashMap<>();
        misses.forEach((step, recent) -> out.put(step, List.copyOf(recent)));
        return out;
    }
}
