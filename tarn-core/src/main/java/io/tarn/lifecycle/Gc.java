package io.tarn.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.location.Evictable;
import io.tarn.location.Location;

/**
 * Garbage collection of a location tree, mark then sweep, leaf by leaf, as {@link GcPolicy} says. Safe against live
 * traffic: gc notes when it starts; a value is removed only if it was last used before that instant minus the grace
 * period, and that is checked again when it is removed, once the leaf holds the key alone
 * ({@link Evictable#deleteUnusedSince}). Every read, write (also of a value already stored) and touch marks a value
 * used before it returns, so a value written or touched after gc started is never removed. A use through any level
 * counts in every level: a value's last use is its newest mark over the tree's leaves, and leaves are swept in the
 * order reads try them (top-down), so a reader of a value gc removed above falls through to a level whose removal
 * sees its mark. A value removed from a level that keeps it takes with it the copies cache levels hold of it (even of
 * a cache level the policy does not name): each copy is held alone, so that no process reads or touches it, from the
 * check of its marks until the value is gone from every level; a read or touch through the cache thus either marks
 * the copy first, which keeps the value, or finds it in no level, and never succeeds on a copy of a value gc is
 * removing below. By age, gc refuses a tree where a use could go unrecorded ({@link UnrecordedUses}); a value with no
 * mark at all is marked when gc first sees it, never judged by when it was stored. Each removal is one value
 * (then its usage mark and labels): a gc killed at any moment leaves a lake that verifies clean, with at most a usage
 * mark or labels file left without its value (tarn ignores those). Memo indexes are swept after the values: a gc
 * killed in between leaves entries whose output is gone, which the next gc and every memo lookup remove.
 */
public final class Gc {
    private Gc() {
    }

    public static GcReport run(Location tree, GcPolicy policy) {
        Instant started = Instant.now();
        Instant since = started.minus(policy.grace());
        Instant ageCutoff = policy.olderThan() == null ? null : min(started.minus(policy.olderThan()), since);
        Map<Location, Set<String>> leaves = new LinkedHashMap<>();
        Set<Location> copyLeaves = new HashSet<>();
        collect(tree, Set.of(), false, leaves, copyLeaves);
        for (String wanted : policy.locations()) {
            if (leaves.values().stream().noneMatch(names -> names.contains(wanted))) {
                throw new IllegalArgumentException("gc: no location of " + tree + " is named '" + wanted + "': name a"
                                                   + " level (name=), a leaf as its spec prints it, or a disk folder");
            }
        }
        Map<Location, Evictable> swept = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<Location> unswept = new ArrayList<>();
        for (Map.Entry<Location, Set<String>> leaf : leaves.entrySet()) {
            Location location = leaf.getKey();
            if (!policy.locations().isEmpty() && Collections.disjoint(policy.locations(), leaf.getValue())) {
                continue;
            }
            Optional<Evictable> usage = location.evictable();
            if (usage.isEmpty()) {
                skipped.add(location + " (it cannot list its values' usage, or is read-only)");
                unswept.add(location);
            } else {
                swept.put(location, usage.get());
            }
        }
        if (policy.olderThan() != null) {
            UnrecordedUses.check(tree, List.copyOf(leaves.keySet()), swept.keySet(), policy.olderThan());
            if (swept.isEmpty()) {
                UnrecordedUses.checkAnySwept(tree, unswept, policy.olderThan());
            }
        }
        List<IndexSweep.Found> found = new ArrayList<>();
        Set<Key> orphans = new HashSet<>();
        for (IndexSweep sweep : policy.index()) {
            IndexSweep.Found marked = sweep.mark(tree::contains, since);
            found.add(marked);
            orphans.addAll(marked.orphanOutputs());
        }
        List<GcReport.Removal> removals = new ArrayList<>();
        List<Location> recording = leaves.keySet().stream().filter(Location::recordsUse).toList();
        Map<Location, Tally> tallies = new LinkedHashMap<>();
        List<Copies> copies = leaves.keySet().stream().filter(copyLeaves::contains)
                .flatMap(leaf -> leaf.evictable().stream().map(usage -> new Copies(leaf, usage))).toList();
        for (Map.Entry<Location, Evictable> leaf : swept.entrySet()) {
            List<Location> others = recording.stream().filter(other -> other != leaf.getKey()).toList();
            List<Copies> copiesOf = copyLeaves.contains(leaf.getKey()) ? List.of()
                    : copies.stream().filter(copy -> copy.leaf() != leaf.getKey()).toList();
            sweep(leaf.getKey(), leaf.getValue(), others, copiesOf, policy, since, ageCutoff, orphans, removals,
                  tallies);
        }
        List<GcReport.Place> places = tallies.entrySet().stream().map(e -> e.getValue().place(e.getKey())).toList();
        List<IndexSweep.IndexReport> indexes = found.stream().map(marked -> marked.sweep(policy.dryRun())).toList();
        return new GcReport(started, policy.dryRun(), places, skipped, indexes, removals);
    }

    /**
     * Sweeps one leaf. A value goes only if no other leaf of the tree recorded a use of it since (checked before and,
     * by the leaf, again once it holds the key); a value found without a usage mark by age is marked now and kept.
     * Where leaves of cache levels hold copies of a value this leaf removes, the copies go with it ({@link #remove}).
     */
    private static void sweep(Location location, Evictable usage, List<Location> others, List<Copies> copies,
                              GcPolicy policy, Instant since, Instant ageCutoff, Set<Key> orphans,
                              List<GcReport.Removal> removals, Map<Location, Tally> tallies) {
        Tally tally = tallies.computeIfAbsent(location, leaf -> new Tally());
        try (Stream<Evictable.Stored> stored = usage.stored()) {
            for (Evictable.Stored value : (Iterable<Evictable.Stored>) stored::iterator) {
                tally.examined++;
                tally.examinedBytes += value.size();
                String reason = null;
                Instant unusedSince = null;
                if (orphans.contains(value.key()) && value.lastUsed().isBefore(since)) {
                    reason = "memo-orphan";
                    unusedSince = since;
                } else if (ageCutoff != null && value.lastUsed().isBefore(ageCutoff)) {
                    reason = "age";
                    unusedSince = ageCutoff;
                }
                if (reason == null || labelled(location, value.key(), policy.keepLabels())) {
                    continue;
                }
                if (reason.equals("age") && !value.marked()) {
                    // stored before marks were kept, or by a process that keeps none: its age is unknown, never its
                    // storage time; from now on it goes by use, at the earliest olderThan after this gc
                    if (!policy.dryRun()) {
                        location.touch(value.key());
                    }
                    tally.marked++;
                    continue;
                }
                Key key = value.key();
                Instant cutoff = unusedSince;
                if (usedSince(others, key, cutoff)) {
                    continue;
                }
                List<Copies> held = copies.stream().filter(copy -> copy.leaf().contains(key)).toList();
                List<Location> removedCopies = new ArrayList<>();
                if (policy.dryRun() || remove(usage, held, key, cutoff, () -> lastUsed(others, key), removedCopies)) {
                    tally.removed(value.size());
                    if (removals.size() < policy.listLimit()) {
                        removals.add(new GcReport.Removal(location.toString(), key, value.size(), reason));
                    }
                    for (Location copy : removedCopies) {
                        tallies.computeIfAbsent(copy, leaf -> new Tally()).copyRemoved(value.size());
                        if (removals.size() < policy.listLimit()) {
                            removals.add(new GcReport.Removal(copy.toString(), key, value.size(), reason));
                        }
                    }
                }
            }
        }
    }

    /**
     * Removes the key from {@code usage}, and with it every copy {@code copies} hold: each copy is held alone, its marks
     * found old, before the next one and finally the original are asked, and is deleted only once the original is
     * gone. A read or touch through a cache level thus either marks its copy before gc holds it, which keeps the value
     * everywhere, or waits and finds the value in no level: it is never told a value is there that gc is removing
     * from the level that keeps it.
     */
    private static boolean remove(Evictable usage, List<Copies> copies, Key key, Instant cutoff,
                                  Supplier<Optional<Instant>> usedElsewhere, List<Location> removedCopies) {
        if (copies.isEmpty()) {
            return usage.deleteUnusedSince(key, cutoff, usedElsewhere);
        }
        Copies copy = copies.get(0);
        boolean[] original = new boolean[1];
        boolean copyRemoved = copy.usage().deleteCopyUnusedSince(key, cutoff, usedElsewhere, () -> {
            original[0] = remove(usage, copies.subList(1, copies.size()), key, cutoff, usedElsewhere, removedCopies);
            return original[0];
        });
        if (copyRemoved) {
            removedCopies.add(copy.leaf());
        }
        return original[0];
    }

    /** A leaf of a cache level (it holds copies of what the levels below hold), and its side of gc. */
    private record Copies(Location leaf, Evictable usage) {
    }

    /** What gc examined and removed in one leaf. */
    private static final class Tally {
        long examined;
        long examinedBytes;
        long removed;
        long removedBytes;
        long marked;

        void removed(long size) {
            removed++;
            removedBytes += size;
        }

        /** A copy removed with its original: examined here too (a leaf gc does not sweep is examined only so). */
        void copyRemoved(long size) {
            removed(size);
            examined = Math.max(examined, removed);
            examinedBytes = Math.max(examinedBytes, removedBytes);
        }

        GcReport.Place place(Location leaf) {
            return new GcReport.Place(leaf.toString(), examined, examinedBytes, removed, removedBytes, marked);
        }
    }

    /** The key's newest usage mark in the other leaves (a use through another level of the tree). */
    private static Optional<Instant> lastUsed(List<Location> others, Key key) {
        Optional<Instant> newest = Optional.empty();
        for (Location other : others) {
            Optional<Instant> used = other.lastUsed(key);
            if (used.isPresent() && (newest.isEmpty() || used.get().isAfter(newest.get()))) {
                newest = used;
            }
        }
        return newest;
    }

    private static boolean usedSince(List<Location> others, Key key, Instant cutoff) {
        return lastUsed(others, key).filter(used -> !used.isBefore(cutoff)).isPresent();
    }

    private static boolean labelled(Location location, Key key, Set<String> keep) {
        return !keep.isEmpty() && !Collections.disjoint(location.labels(key), keep);
    }

    /**
     * Every leaf of the tree once, with the names it answers to ({@link Location#names()}: its spec text, a disk
     * folder's path; and the names its combinators give the members it is under, {@link Location.Member#names()}: the
     * levels' {@code name=}, the meters' places); and, in {@code copies}, the leaves under a cache level. Gc goes down
     * {@link Location#members()}: through combinators, meters and verified reads, which change nothing of what is
     * stored where, and as far as a wrapper lets it ({@code readonly(...)} is a leaf that lets nothing through).
     */
    private static void collect(Location node, Set<String> names, boolean copy, Map<Location, Set<String>> leaves,
                                Set<Location> copies) {
        List<Location.Member> members = node.members();
        if (members.isEmpty()) {
            Set<String> all = new HashSet<>(names);
            all.addAll(node.names());
            leaves.computeIfAbsent(node, n -> new HashSet<>()).addAll(all);
            if (copy) {
                copies.add(node);
            }
            return;
        }
        for (Location.Member member : members) {
            Set<String> named = new HashSet<>(names);
            named.addAll(member.names());
            collect(member.location(), named, copy || member.holdsCopies(), leaves, copies);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
