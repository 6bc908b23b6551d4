package io.tarn.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a gc removes. A value goes when it is in one of the locations gc looks at, carries none of the labels to keep,
 * was last used before the gc started minus the grace period, and either was last used longer ago than
 * {@link #olderThan} or is a memo output no index entry references ({@link #index}). Nothing is removed in a dry run:
 * the report lists what would go.
 *
 * @param olderThan  remove values last used longer ago than this; null: no value goes by age alone
 * @param keepLabels values with any of these labels stay
 * @param locations  the locations to look at (a level's name, a leaf's spec such as {@code disk:/mnt/hdd}, or a disk
 *                   lake's folder); empty: every location of the tree that can list its values' usage
 * @param index      memo indexes to sweep (entries whose output is gone, entries of old code; their outputs no entry
 *                   references any more then go from the lake)
 * @param grace      a value used this recently before gc started is never removed (clock skew between machines, the
 *                   time between a memo output being stored and its entry written)
 * @param dryRun     remove nothing, report what would go
 * @param listLimit  at most this many removals are listed in the report (all are counted)
 */
public record GcPolicy(Duration olderThan, Set<String> keepLabels, Set<String> locations, List<IndexSweep> index,
                       Duration grace, boolean dryRun, int listLimit) {
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);
    public static final int DEFAULT_LIST_LIMIT = 1000;

    public GcPolicy {
        keepLabels = Set.copyOf(keepLabels);
        locations = Set.copyOf(locations);
        index = List.copyOf(index);
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative() || olderThan != null && olderThan.isNegative()) {
            throw new IllegalArgumentException("gc: olderThan and grace must not be negative (got olderThan="
                                               + olderThan + ", grace=" + grace + ")");
        }
    }

    /** Removes nothing until told what: by age ({@link #olderThan}), memo outputs ({@link #withIndex}). */
    public static GcPolicy none() {
        return new GcPolicy(null, Set.of(), Set.of(), List.of(), DEFAULT_GRACE, false, DEFAULT_LIST_LIMIT);
    }

    /** Values last used longer ago than {@code age} go. */
    public static GcPolicy olderThan(Duration age) {
        return none().withOlderThan(age);
    }

    public GcPolicy withOlderThan(Duration age) {
        return new GcPolicy(age, keepLabels, locations, index, grace, dryRun, listLimit);
    }

    public GcPolicy keepingLabels(String... labels) {
        return new GcPolicy(olderThan, Set.of(labels), locations, index, grace, dryRun, listLimit);
    }

    public GcPolicy onlyIn(String... names) {
        return new GcPolicy(olderThan, keepLabels, Set.of(names), index, grace, dryRun, listLimit);
    }

    public GcPolicy withIndex(IndexSweep... sweeps) {
        return new GcPolicy(olderThan, keepLabels, locations, List.of(sweeps), grace, dryRun, listLimit);
    }

    public GcPolicy withGrace(Duration value) {
        return new GcPolicy(olderThan, keepLabels, locations, index, value, dryRun, listLimit);
    }

    public GcPolicy dryRun(boolean value) {
        return new GcPolicy(olderThan, keepLabels, locations, index, grace, value, listLimit);
    }

    public GcPolicy withListLimit(int value) {
        return new GcPolicy(olderThan, keepLabels, locations, index, grace, dryRun, value);
    }
}
