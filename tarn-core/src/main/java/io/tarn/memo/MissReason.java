package io.tarn.memo;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Why a memoized step ran its code: what differs from the step's last recorded run (see {@link StepHistory}). One miss
 * may have several changes (the code and the input changed); they come in the order of {@link Kind}. Its
 * {@link #text()} is the value of the {@code CamelTarnMemoMissReason} header, e.g.
 * {@code code changed: method demo.Score.process(Lorg/apache/camel/Exchange;)V} or
 * {@code header changed: model}.
 */
public record MissReason(List<Change> changes) {
    /** At most this many items of one change are named in {@link #text()}; {@link #changes()} has them all. */
    static final int NAMED = 8;

    /** What made the step run, in the order a miss lists them. */
    public enum Kind {
        /** The step has no recorded run (its first run, or the record is gone). */
        FIRST_RUN("first run of this step"),
        /** The index entry was there but its output value is gone from the lake. */
        OUTPUT_EVICTED("output evicted"),
        /** A fingerprint part differs: a class, a method, a jar, a field of the processor, a route definition. */
        CODE_CHANGED("code changed"),
        /** A selected header's value differs. */
        HEADER_CHANGED("header changed"),
        /** The input body differs. */
        INPUT_CHANGED("input changed"),
        /** The reason cannot be told: the last run's record is unreadable, or is the same as this run. */
        UNKNOWN("unknown");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One change: its kind and what changed (the header names, the fingerprint parts, the evicted output's key, why it
     * is unknown), possibly none.
     */
    public record Change(Kind kind, List<String> what) {
        public Change {
            what = List.copyOf(what);
        }

        public String text() {
            if (what.isEmpty()) {
                return kind.label;
            }
            String named = what.stream().limit(NAMED).collect(Collectors.joining(", "));
            return kind.label + ": " + named + (what.size() > NAMED ? " and " + (what.size() - NAMED) + " more" : "");
        }
    }

    public MissReason {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("A miss reason needs at least one change");
        }
        changes = changes.stream().sorted((a, b) -> a.kind.compareTo(b.kind)).toList();
    }

    public static MissReason of(Kind kind, String... what) {
        return new MissReason(List.of(new Change(kind, List.of(what))));
    }

    /** The first change's kind (the most telling: a code change before an input change). */
    public Kind kind() {
        return changes.get(0).kind();
    }

    public boolean has(Kind kind) {
        return changes.stream().anyMatch(c -> c.kind() == kind);
    }

    /** What changed of one kind (header names, fingerprint parts...), empty when it did not change. */
    public List<String> what(Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).flatMap(c -> c.what().stream()).toList();
    }

    /** The changes, separated by {@code "; "}. */
    public String text() {
        return changes.stream().map(Change::text).collect(Collectors.joining("; "));
    }

    @Override
    public String toString() {
        return text();
    }
}
