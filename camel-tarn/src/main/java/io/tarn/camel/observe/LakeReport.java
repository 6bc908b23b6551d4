package io.tarn.camel.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

import io.tarn.camel.backend.Reachability;
import io.tarn.camel.backend.RemoteLocation;
import io.tarn.lake.Lake;
import io.tarn.location.Entry;
import io.tarn.location.Location;
import io.tarn.location.metrics.LocationStats;
import io.tarn.location.metrics.Metered;

/**
 * One lake as the console and JMX show it: its tree as a spec, and per location (by place in the tree) its kind,
 * reachability (remote locations), the counts of its {@link Metered} node and its last errors; with
 * {@code contents}, the number of values each leaf holds (which lists them: as costly as a {@code list}).
 */
public final class LakeReport {
    private LakeReport() {
    }

    public static JsonObject json(String name, Lake lake, boolean contents) {
        JsonObject root = new JsonObject();
        root.put("name", name);
        root.put("spec", lake.location().toString());
        root.put("algorithm", lake.algorithm().toString());
        JsonArray locations = new JsonArray();
        for (Metered node : lake.meters()) {
            locations.add(location(node, contents));
        }
        root.put("locations", locations);
        return root;
    }

    private static JsonObject location(Metered node, boolean contents) {
        LocationStats.Snapshot counts = node.stats().snapshot();
        JsonObject out = new JsonObject();
        out.put("place", node.place());
        out.put("kind", node.kind());
        out.put("location", node.toString());
        reachability(node).ifPresent(reachability -> {
            out.put("reachable", reachability.isUp());
            reachability.downSince().ifPresent(since -> out.put("downSince", since.toString()));
        });
        out.put("reads", pair("hit", counts.hits(), "miss", counts.misses()));
        out.put("writes", pair("stored", counts.stored(), "declined", counts.declined()));
        out.put("bytes", pair("in", counts.bytesIn(), "out", counts.bytesOut()));
        out.put("copyUps", pair("done", counts.copyUpsDone(), "failed", counts.copyUpsFailed()));
        out.put("evictions", pair("count", counts.evictions(), "bytes", counts.evictedBytes()));
        out.put("corrupt", counts.corrupt());
        if (node.leaf()) {
            out.put("readMillis", counts.readNanos() / 1_000_000.0);
            out.put("writeMillis", counts.writeNanos() / 1_000_000.0);
        }
        out.put("errors", new JsonObject(Map.copyOf(counts.errors())));
        JsonArray last = new JsonArray();
        for (LocationStats.Failure failure : node.stats().lastErrors()) {
            JsonObject error = new JsonObject();
            error.put("at", failure.at().toString());
            error.put("operation", failure.operation());
            error.put("kind", failure.kind());
            error.put("message", failure.message());
            last.add(error);
        }
        out.put("lastErrors", last);
        if (contents && node.leaf()) {
            out.put("values", values(node));
        }
        return out;
    }

    private static JsonObject pair(String first, long a, String second, long b) {
        JsonObject pair = new JsonObject();
        pair.put(first, a);
        pair.put(second, b);
        return pair;
    }

    /** The reachability of a remote leaf (under a verified read's wrapper, if any). */
    private static Optional<Reachability> reachability(Metered node) {
        if (!node.leaf()) {
            return Optional.empty();
        }
        Location location = node.inner();
        while (!(location instanceof RemoteLocation) && location.children().size() == 1) {
            location = location.children().get(0);
        }
        return location instanceof RemoteLocation remote ? Optional.of(remote.reachability()) : Optional.empty();
    }

    /** The report as text: the lake, then one line per location with its counts and the lines of its last errors. */
    public static String text(String name, Lake lake, boolean contents) {
        StringBuilder out = new StringBuilder();
        out.append("Lake ").append(name).append(" (").append(lake.algorithm()).append("): ").append(lake.location())
                .append('\n');
        for (Metered node : lake.meters()) {
            LocationStats.Snapshot c = node.stats().snapshot();
            out.append("    ").append(node.place());
            reachability(node).ifPresent(r -> out.append(r.isUp() ? " UP" : " DOWN since " + r.downSince().orElseThrow()));
            out.append(String.format("  reads %d hit / %d miss, writes %d stored / %d declined, bytes %d in / %d out",
                    c.hits(), c.misses(), c.stored(), c.declined(), c.bytesIn(), c.bytesOut()));
            if (c.copyUpsDone() + c.copyUpsFailed() > 0) {
                out.append(", copy-ups ").append(c.copyUpsDone()).append(" done / ").append(c.copyUpsFailed())
                        .append(" failed");
            }
            if (c.evictions() > 0) {
                out.append(", evictions ").append(c.evictions()).append(" (").append(c.evictedBytes()).append(" bytes)");
            }
            if (c.corrupt() > 0) {
                out.append(", corrupt ").append(c.corrupt());
            }
            if (contents && node.leaf()) {
                out.append(", values ").append(values(node));
            }
            if (!c.errors().isEmpty()) {
                out.append(", errors ").append(c.errors());
            }
            out.append('\n');
            for (LocationStats.Failure failure : node.stats().lastErrors()) {
                out.append("        ").append(failure.at()).append(' ').append(failure.operation()).append(": ")
                        .append(failure.kind()).append(": ").append(failure.message()).append('\n');
            }
        }
        return out.toString();
    }

    /** The number of values a leaf holds (it lists them), or why it could not be counted. */
    private static Object values(Metered node) {
        try (Stream<Entry> entries = node.contents()) {
            return entries.count();
        } catch (RuntimeException e) {
            return "unknown: " + e.getMessage();
        }
    }

    /** Text and JSON of the memo section (the last miss reasons per step). */
    static List<String> missReasonLines(MissReasons reasons) {
        List<String> lines = new ArrayList<>();
        reasons.lastByStep().forEach((step, reason) -> lines.add(step + ": " + reason));
        return lines;
    }
}
