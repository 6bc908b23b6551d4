package io.tarn.camel;

import org.apache.camel.spi.Metadata;

/** The headers of the tarn component. */
public final class TarnConstants {

    @Metadata(label = "common", description = "The key: the hex digest of a value. Set by write and by the consumer (the key of the"
                            + " value it hands on); read by every other operation (when absent, a String body is taken"
                            + " as the key).",
              javaType = "String")
    public static final String KEY = "CamelTarnKey";

    @Metadata(label = "producer", description = "The operation to perform, overriding the endpoint's operation option.",
              javaType = "io.tarn.camel.TarnOperation",
              enums = "write,read,contains,delete,touch,fetch,list,verify,memo,gc")
    public static final String OPERATION = "CamelTarnOperation";

    @Metadata(label = "producer", description = "write: the labels to store with the value, as one comma-separated String"
                            + " (raw,scanner-7) or a Collection of Strings. read: set to the labels stored with the"
                            + " value (a Set of Strings), when the lake keeps labels.",
              javaType = "String")
    public static final String LABELS = "CamelTarnLabels";

    @Metadata(label = "producer", description = "Whether the key was found: by contains, delete, touch, fetch (every key found), and by read"
                            + " with ignoreMissing=true.",
              javaType = "Boolean")
    public static final String FOUND = "CamelTarnFound";

    @Metadata(label = "producer", description = "Set by touch: whether the lake records uses (a disk lake whose config.yml"
                            + " keeps usage marks, usage: StatUsage, as every lake camel-tarn creates does), so that the"
                            + " touch keeps the value from gc by age; false: the touch only said whether the key is there"
                            + " (logged once as a WARN).",
              javaType = "Boolean")
    public static final String USE_RECORDED = "CamelTarnUseRecorded";

    @Metadata(label = "producer", description = "The keys that fetch did not find anywhere.", javaType = "java.util.List<String>")
    public static final String MISSING_KEYS = "CamelTarnMissingKeys";

    @Metadata(label = "producer", description = "The keys that fetch found in a lower level but could not copy into the upper levels (full,"
                            + " read-only, unreachable): they are intact where they were; the failure is logged.",
              javaType = "java.util.List<String>")
    public static final String NOT_COPIED_KEYS = "CamelTarnNotCopiedKeys";

    @Metadata(label = "producer", description = "Set by verify: how many stored values were re-hashed.", javaType = "Long")
    public static final String VERIFIED_COUNT = "CamelTarnVerifiedCount";

    @Metadata(label = "producer", description = "Set by verify: the keys whose stored value did not hash to the key; they were deleted.",
              javaType = "java.util.List<String>")
    public static final String CORRUPT_KEYS = "CamelTarnCorruptKeys";

    @Metadata(label = "producer", description = "Set by verify: how many stale temporary files (left by crashed writes) were removed.",
              javaType = "Long")
    public static final String REMOVED_TEMPORARY_FILES = "CamelTarnRemovedTemporaryFiles";

    @Metadata(label = "producer", description = "Set by verify: the foreign entries found (a symbolic link, folder or special file where a"
                            + " value or temporary file belongs), each with what it is, and ', removed' when removeForeign"
                            + " removed it.",
              javaType = "java.util.List<String>")
    public static final String FOREIGN_ENTRIES = "CamelTarnForeignEntries";

    @Metadata(label = "producer", description = "Set by memoization (operation=memo, or the Memoize processor): true when the stored"
                            + " result was restored and the code skipped, false when the code ran.",
              javaType = "Boolean")
    public static final String MEMO_HIT = "CamelTarnMemoHit";

    @Metadata(label = "producer", description = "Set by memoization: the memo key (hex digest of the input body's key, the selected headers"
                            + " and the code's fingerprint), under which the result is indexed.",
              javaType = "String")
    public static final String MEMO_KEY = "CamelTarnMemoKey";

    @Metadata(label = "producer", description = "Set by memoization on a miss (absent on a hit): why the code ran, what differs from"
                            + " the step's last run: 'first run of this step', 'input changed', 'header changed: model' (the"
                            + " headers), 'code changed: class com.acme.Score' (the fingerprint parts: class, method, jar,"
                            + " state, route), 'output evicted', or 'unknown' and why; several separated by '; '. The exchange property of the same name holds"
                            + " it as an io.tarn.memo.MissReason.",
              javaType = "String")
    public static final String MEMO_MISS_REASON = "CamelTarnMemoMissReason";

    @Metadata(label = "producer", description = "Set by list when the number of keys is known before they are read (a location other than"
                            + " disk lakes and their combinators, which is listed whole): how many keys the body holds.",
              javaType = "Long")
    public static final String KEY_COUNT = "CamelTarnKeyCount";

    @Metadata(label = "producer", description = "gc: remove values last used longer ago than this, overriding gcOlderThan: a"
                            + " java.time.Duration, a number of milliseconds, or text such as 30d or 12h.",
              javaType = "String")
    public static final String GC_OLDER_THAN = "CamelTarnGcOlderThan";

    @Metadata(label = "producer", description = "gc: the labels whose values stay, overriding gcKeepLabels: one"
                            + " comma-separated String or a Collection of Strings.",
              javaType = "String")
    public static final String GC_KEEP_LABELS = "CamelTarnGcKeepLabels";

    @Metadata(label = "producer", description = "gc: the locations to collect from, overriding gcLocations: one"
                            + " comma-separated String or a Collection of Strings.",
              javaType = "String")
    public static final String GC_LOCATIONS = "CamelTarnGcLocations";

    @Metadata(label = "producer", description = "gc: true to remove nothing and report what would go, overriding dryRun.",
              javaType = "Boolean")
    public static final String GC_DRY_RUN = "CamelTarnGcDryRun";

    @Metadata(label = "producer", description = "Set by gc: how many values it removed (would remove, in a dry run); the body"
                            + " is the io.tarn.lifecycle.GcReport, per location.",
              javaType = "Long")
    public static final String GC_REMOVED = "CamelTarnGcRemoved";

    @Metadata(label = "producer", description = "Set by gc: how many bytes the values it removed held (would remove, in a"
                            + " dry run).",
              javaType = "Long")
    public static final String GC_REMOVED_BYTES = "CamelTarnGcRemovedBytes";

    private TarnConstants() {
    }
}
