package io.tarn.reliability.model;

/**
 * The lake's invariants (DESIGN.md section 9; src-docs/reliability.md, "The lake's invariants, checked by a model"),
 * each as the model checks it after every step.
 */
enum Invariant {
    /** Every value read through the tree, in either process, hashes to its key; a write returns its value's key. */
    KEY_NAMES_BYTES("a key names its bytes"),
    /**
     * A value whose write returned its key has a copy in a location that keeps it: not only in memory (Caffeine), not
     * only in an evicting (bounded) level.
     */
    DURABLE_COPY("an acknowledged write comes to rest in a durable location"),
    /** An acknowledged value stays readable (a durable copy) until deleted by key or removed by a gc policy. */
    ACKED_STAYS("an acknowledged value stays"),
    /** gc by age never removes a value used (by any process) within olderThan and the grace before it started. */
    GC_KEEPS_USED("gc by age never removes a value used within olderThan"),
    /**
     * A use that started after a gc started either keeps the value or finds it missing: it never reports success for
     * a value about to vanish, nor fails with an error; writes never fail because gc runs.
     */
    USE_GC_ORDERED("a use and a gc delete of the same value are ordered"),
    /** A write succeeds or is declined; it never fails with an error. */
    WRITES_SUCCEED("writes never fail"),
    /**
     * A bounded level holds at most its capacity plus one batch (plus what readers hold open) of the values it may
     * evict: those a durable location holds too.
     */
    CAPACITY("a bounded level stays within capacity + one batch"),
    /** A value handed to a reader stays readable until it is closed. */
    HELD_READABLE("a value handed to a reader stays readable until closed");

    final String text;

    Invariant(String text) {
        this.text = text;
    }

    /** A check of the model that failed: which invariant, and what was seen. */
    static final class Violation extends AssertionError {
        final Invariant invariant;

        Violation(Invariant invariant, String message) {
            super(message);
            this.invariant = invariant;
        }
    }
}
