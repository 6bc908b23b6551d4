package io.tarn.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tarn.location.Location;

/**
 * What gc by age needs of a tree: every use of a value it may remove is recorded where it looks. A location it sweeps
 * must record uses ({@link Location#recordsUse()}: a disk lake with {@code usage: StatUsage}), and so must every
 * location read before it (the earlier levels of a {@code levels}, the earlier members of a {@code fanout}): a hit
 * there hides the use from the locations below. A {@code touch=true} level below does not make up for one that
 * records nothing: its copy (Caffeine, Redis) outlives the one gc removes, and keeps answering reads until it drops
 * it. Refused before anything is removed, naming every such location and its fix.
 */
final class UnrecordedUses {
    private UnrecordedUses() {
    }

    /**
     * @param order the tree's leaves in the order a read tries them
     * @param swept the leaves gc would sweep by age
     * @throws GcRefusedException if a swept leaf, or one read before it, records no use
     */
    static void check(Location tree, List<Location> order, Set<Location> swept, Duration olderThan) {
        Map<Location, List<Location>> hiding = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            Location leaf = order.get(i);
            if (!swept.contains(leaf)) {
                continue;
            }
            for (int j = 0; j <= i; j++) {
                Location before = order.get(j);
                if (!before.recordsUse()) {
                    hiding.computeIfAbsent(before, b -> new ArrayList<>()).add(leaf);
                }
            }
        }
        if (hiding.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("gc by age (olderThan ").append(olderThan)
                .append(") refused on ").append(tree).append(": it would go by when values were stored, not by when"
                                                                 + " they were used.");
        hiding.forEach((location, leaves) -> {
            message.append("\n  - ").append(location).append(" records no use of its values");
            List<Location> others = leaves.stream().filter(leaf -> !leaf.equals(location)).toList();
            if (!others.isEmpty()) {
                message.append(", and is read before ").append(others.size() == 1 ? others.get(0) : others)
                        .append(", which gc would sweep: its hits keep nothing there");
            }
            message.append(". ").append(fix(location));
        });
        message.append("\nOr leave these locations out of gc (gcLocations=, GcPolicy.onlyIn); gc without olderThan (memo"
                       + " sweeps) still runs.");
        throw new GcRefusedException(message.toString());
    }

    /**
     * @param unswept the leaves gc by age was asked to look at, none of which it can sweep
     * @throws GcRefusedException if one of them records no use (Caffeine, Redis, a remote leaf): by age, gc could
     *                            never remove anything there, and saying nothing would let a nightly gc pass for one
     *                            that works; a read-only copy of a lake that records use is left out (never collected)
     */
    static void checkAnySwept(Location tree, List<Location> unswept, Duration olderThan) {
        List<Location> unrecorded = unswept.stream().filter(location -> !location.recordsUse()).toList();
        if (unrecorded.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("gc by age (olderThan ").append(olderThan)
                .append(") refused on ").append(tree).append(": none of the locations it would sweep records when its"
                                                             + " values were used, so by age it could remove nothing.");
        unrecorded.forEach(location -> message.append("\n  - ").append(location).append(" records no use of its values. ")
                .append(fix(location)));
        message.append("\nGc by another policy (gc without olderThan: memo sweeps; the location's own expiry, such as"
                       + " Caffeine's maxBytes or a Redis TTL), or give the tree a disk level with usage: StatUsage.");
        throw new GcRefusedException(message.toString());
    }

    private static String fix(Location location) {
        return location.howToRecordUse().orElse("It keeps no usage marks gc can read (only a disk lake with usage:"
                                                + " StatUsage does): gc by age cannot sweep it, nor a location read"
                                                + " after it.");
    }
}
