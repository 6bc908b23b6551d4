package io.tarn.camel.backend.memory;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Labels (merged on every write) and last-use dates of the keys a location holds in memory; lost on restart. */
final class LabelsAndUsage {
    private final Map<String, Set<String>> labels = new ConcurrentHashMap<>();
    private final Map<String, Instant> usage = new ConcurrentHashMap<>();

    /** A write: dates the use and adds the labels to those already kept. */
    void written(String hex, Set<String> added) {
        used(hex);
        if (added != null && !added.isEmpty()) {
            labels.compute(hex, (k, old) -> {
                Set<String> merged = old == null ? new HashSet<>() : new HashSet<>(old);
                merged.addAll(added);
                return Set.copyOf(merged);
            });
        }
    }

    void used(String hex) {
        usage.put(hex, Instant.now());
    }

    void forget(String hex) {
        labels.remove(hex);
        usage.remove(hex);
    }

    Set<String> labels(String hex) {
        return labels.getOrDefault(hex, Set.of());
    }

    Optional<Instant> lastUsed(String hex) {
        return Optional.ofNullable(usage.get(hex));
    }

    void clear() {
        labels.clear();
        usage.clear();
    }
}
