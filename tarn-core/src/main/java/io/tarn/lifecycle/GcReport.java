package io.tarn.lifecycle;

import java.time.Instant;
import java.util.List;

import io.tarn.Key;

/**
 * What a gc did (or, in a dry run, would do): per location the values and bytes it looked at and removed, the
 * locations it could not look at, the memo indexes' counts, and the first removals by name.
 *
 * @param started when the gc started: nothing used at or after it was removed
 */
public record GcReport(Instant started, boolean dryRun, List<Place> places, List<String> skipped,
                       List<IndexSweep.IndexReport> indexes, List<Removal> removals) {

    /**
     * One location's counts; kept = examined - removed.
     *
     * @param marked values gc by age found without a usage mark (stored before marks were kept, or by a process that
     *               keeps none): marked used now and kept, so that they go at the earliest olderThan after this gc
     *               (in a dry run: found, not marked)
     */
    public record Place(String location, long examined, long examinedBytes, long removed, long removedBytes,
                        long marked) {
        public long kept() {
            return examined - removed;
        }

        public long keptBytes() {
            return examinedBytes - removedBytes;
        }
    }

    /** One value that went (would go, in a dry run), and why: {@code age} or {@code memo-orphan}. */
    public record Removal(String location, Key key, long size, String reason) {
    }

    public GcReport {
        places = List.copyOf(places);
        skipped = List.copyOf(skipped);
        indexes = List.copyOf(indexes);
        removals = List.copyOf(removals);
    }

    public long removed() {
        return places.stream().mapToLong(Place::removed).sum();
    }

    public long removedBytes() {
        return places.stream().mapToLong(Place::removedBytes).sum();
    }

    public long examined() {
        return places.stream().mapToLong(Place::examined).sum();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(dryRun ? "gc (dry run) " : "gc ").append("started ").append(started);
        for (Place place : places) {
            out.append("\n  ").append(place.location()).append(": ").append(place.examined()).append(" values (")
                    .append(place.examinedBytes()).append(" bytes), ").append(dryRun ? "would remove " : "removed ")
                    .append(place.removed()).append(" (").append(place.removedBytes()).append(" bytes), kept ")
                    .append(place.kept()).append(" (").append(place.keptBytes()).append(" bytes)");
            if (place.marked() > 0) {
                out.append(", ").append(place.marked()).append(dryRun ? " of them without a usage mark yet (gc marks"
                        + " them)" : " of them had no usage mark (marked now)");
            }
        }
        skipped.forEach(place -> out.append("\n  skipped ").append(place));
        for (IndexSweep.IndexReport index : indexes) {
            out.append("\n  ").append(index.index()).append(": ").append(index.entries()).append(" entries, ")
                    .append(index.outputGone()).append(" with their output gone, ").append(index.oldCode())
                    .append(" of old code, ").append(dryRun ? "would remove " : "removed ").append(index.removed());
        }
        return out.toString();
    }
}
