package io.tarn.reliability.model;

import java.time.Instant;
import java.util.Set;

/**
 * The reference model of one value: what the lake promised about it and when it was last used, by which process.
 */
final class Tracked {
    /**
     * {@code PROMISED}: a write returned its key, and nothing since allows it to go. {@code DELETED}: deleted by key.
     * {@code REMOVED}: gone after a gc whose policy allowed it. {@code LOST}: gone when it should not have been (the
     * violation was reported; no more is promised of it).
     */
    enum Status { NEVER, PROMISED, DELETED, REMOVED, LOST }

    final int id;
    Status status = Status.NEVER;
    /** The labels the lake said the value has, after the last write that returned its key. */
    Set<String> labels = Set.of();
    /** The start of the last use that succeeded (read, write, touch, fetch), or the time it was aged to. */
    Instant lastUse;
    String lastUser = "";
    /** When the write that made it promised ended: a use that started before may not see it yet. */
    Instant promisedAt;
    /** Whether a location that keeps values durably was seen holding it since it was promised. */
    boolean durableSeen;

    Tracked(int id) {
        this.id = id;
    }

    void promised(Set<String> newLabels, Instant end) {
        if (status != Status.PROMISED) {
            status = Status.PROMISED;
            promisedAt = end;
            durableSeen = false;
        }
        labels = newLabels;
    }

    void used(Use use) {
        if (lastUse == null || !use.start().isBefore(lastUse)) {
            lastUse = use.start();
            lastUser = use.who() + " " + use.op().name().toLowerCase();
        }
    }

    void aged(Instant when) {
        lastUse = when;
        lastUser = "aged";
    }

    @Override
    public String toString() {
        return Values.name(id) + " (" + status.name().toLowerCase() + ", last used " + lastUse + " by " + lastUser
               + (labels.isEmpty() ? "" : ", labels " + labels) + ")";
    }
}
