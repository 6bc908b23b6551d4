package io.tarn.camel.observe;

import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;

import io.tarn.Key;
import io.tarn.lake.Lake;
import io.tarn.location.Entry;
import io.tarn.location.VerifyReport;
import io.tarn.location.metrics.LocationStats;
import io.tarn.location.metrics.Metered;

/**
 * A lake over JMX ({@code org.apache.camel:context=...,type=tarn,name="LAKE"}): the counts of the whole tree as
 * attributes, each location's as text ({@link #report()}), and the operations verify and contents counts.
 */
@ManagedResource(description = "Tarn lake: counts of its locations; verify, contents counts")
public class ManagedLake {
    private final String name;
    private final Lake lake;
    private final MissReasons missReasons;

    public ManagedLake(String name, Lake lake, MissReasons missReasons) {
        this.name = name;
        this.lake = lake;
        this.missReasons = missReasons;
    }

    /** The counts of the tree's root (the whole lake), or zeros when the lake is not metered. */
    private LocationStats root() {
        return lake.meters().isEmpty() ? new LocationStats() : lake.meters().get(0).stats();
    }

    @ManagedAttribute(description = "The name of the lake")
    public String getLakeName() {
        return name;
    }

    @ManagedAttribute(description = "The lake's location tree, as a location spec")
    public String getLocationSpec() {
        return lake.location().toString();
    }

    @ManagedAttribute(description = "Reads that found the value")
    public long getReadHits() {
        return root().hits();
    }

    @ManagedAttribute(description = "Reads that found no value")
    public long getReadMisses() {
        return root().misses();
    }

    @ManagedAttribute(description = "Writes stored")
    public long getWritesStored() {
        return root().stored();
    }

    @ManagedAttribute(description = "Writes that every location declined")
    public long getWritesDeclined() {
        return root().declined();
    }

    @ManagedAttribute(description = "Bytes of the values stored")
    public long getBytesIn() {
        return root().bytesIn();
    }

    @ManagedAttribute(description = "Bytes of the values read")
    public long getBytesOut() {
        return root().bytesOut();
    }

    @ManagedAttribute(description = "Values copied up into an upper level, in every level")
    public long getCopyUpsDone() {
        return sum(LocationStats::copyUpsDone);
    }

    @ManagedAttribute(description = "Copies into an upper level that failed, in every level")
    public long getCopyUpsFailed() {
        return sum(LocationStats::copyUpsFailed);
    }

    @ManagedAttribute(description = "Values evicted to make room, in every location")
    public long getEvictions() {
        return sum(LocationStats::evictions);
    }

    @ManagedAttribute(description = "Copies found corrupt, in every location")
    public long getCorruptCopies() {
        return sum(LocationStats::corrupt);
    }

    @ManagedAttribute(description = "Failures of operations in the leaves (a failure that reaches the caller is also"
                                    + " counted by each combinator above its leaf; these are not)")
    public long getErrors() {
        return lake.meters().stream().filter(Metered::leaf).map(Metered::stats)
                .mapToLong(stats -> stats.errors().values().stream().mapToLong(Long::longValue).sum()).sum();
    }

    /** A count over every node: copy-ups, evictions and corrupt copies are each counted at one node only. */
    private long sum(ToLongFunction<LocationStats> count) {
        return lake.meters().stream().map(Metered::stats).mapToLong(count).sum();
    }

    @ManagedOperation(description = "Each location's counts and last errors, as the tarn dev console shows them")
    public String report() {
        return LakeReport.text(name, lake, false);
    }

    @ManagedOperation(description = "Each location's counts and last errors as JSON")
    public String reportJson() {
        return LakeReport.json(name, lake, false).toJson();
    }

    @ManagedOperation(description = "The last reason each memoized step recomputed, one step a line")
    public String lastMissReasons() {
        return String.join("\n", LakeReport.missReasonLines(missReasons));
    }

    @ManagedOperation(description = "Re-hashes every value, deletes the corrupt ones, clears stale temporary files")
    public String verify() {
        VerifyReport report = lake.verify(false);
        return "checked " + report.checked() + ", corrupt " + report.corrupt().size() + " "
               + report.corrupt().stream().map(Key::hex).toList() + ", temporary files removed "
               + report.removedTemporaryFiles() + ", foreign entries " + report.foreign().size();
    }

    @ManagedOperation(description = "Removes the values last used longer ago than olderThan (e.g. 30d, 12h), with gc's"
                                    + " grace period; with dryRun only lists them. Says what it removed (or would), per location")
    public String gc(String olderThan, boolean dryRun) {
        long millis = io.tarn.format.Durations.parse(olderThan, "olderThan of the gc of lake " + name).toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("gc of lake " + name + ": olderThan must be a positive duration (e.g. 30d),"
                                               + " not '" + olderThan + "'");
        }
        return lake.gc(io.tarn.lifecycle.GcPolicy.olderThan(java.time.Duration.ofMillis(millis)).dryRun(dryRun)).toString();
    }

    @ManagedOperation(description = "The number of stored copies in every location (a value stored twice counts twice)")
    public long contentsCount() {
        try (Stream<Entry> entries = lake.contents()) {
            return entries.count();
        }
    }

    @ManagedOperation(description = "The number of distinct values (keys) in the lake")
    public long keyCount() {
        try (Stream<Key> keys = lake.keys(null)) {
            return keys.count();
        }
    }
}
