package io.tarn.camel;

import io.tarn.Ingest;
import io.tarn.location.Location;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** The options of a tarn endpoint. */
@UriParams
public class TarnConfiguration implements Cloneable {

    @UriParam(label = "producer", defaultValue = "write", description = "The operation to perform; the CamelTarnOperation header overrides it.")
    private TarnOperation operation = TarnOperation.write;

    @UriParam(description = "The location tree holding the lake: a location spec such as"
                            + " levels(small(#hot, 100KiB), /mnt/ssd/lake, /mnt/nfs/lake) (in an endpoint URI, wrap it in"
                            + " RAW(...)), or a reference to a bean of type io.tarn.location.Location (#myLocation)."
                            + " Takes precedence over root.")
    private Location location;

    @UriParam(description = "The folder of a plain disk lake (Python tarn's format). When neither location nor root is"
                            + " given, the lake is the folder named after the endpoint under the component's baseDirectory."
                            + " Only a write creates the lake: any other operation on a folder without one fails with"
                            + " LakeNotFoundException naming the folder, and a consumer waits for a writer to create it.")
    private String root;

    @UriParam(label = "producer", description = "write: replace the body with the key (claim check). read: the key is taken from the body.")
    private boolean bodyAsKey;

    @UriParam(label = "producer", description = "read and fetch: when a key is missing, set CamelTarnFound=false (and a null body for read)"
                            + " instead of failing with KeyNotFoundException. A missing lake still fails, with"
                            + " LakeNotFoundException: a mistyped root or lake name must not read as a missing key.")
    private boolean ignoreMissing;

    @UriParam(label = "producer", description = "Re-hash every value as it is read: a corrupt copy is deleted and read"
                                                + " from a lower level instead (which heals it); with no intact copy a"
                                                + " CorruptionException names the key. Costs a second read of each value.")
    private boolean verifiedReads;

    @UriParam(label = "producer", description = "Where large incoming values (over 64 KiB) are staged while they are"
                                                + " hashed. Default: the .tmp/ folder of the first disk of the tree that"
                                                + " may store the value (so that storing it is a link), the next one when"
                                                + " that one is full, then a private temporary folder. Give one for trees"
                                                + " without a writable disk; it should be on the file system of the disk"
                                                + " that stores the values, else they are copied.")
    private String spoolFolder;

    // the descriptor names the constants (any case converts): camel-spring-boot's generator writes the default into
    // the starter's Java source as Ingest.COPY
    @UriParam(label = "producer", defaultValue = "COPY", enums = "COPY,MOVE,LINK",
              description = "write: what storing a local file body (a file consumer's file, a File or a Path) does to"
                            + " it. copy leaves it. move takes it into the lake: a file of 16 MiB or more of this user"
                            + " with no other name, on the file system of the disk that stores it, becomes the stored"
                            + " value itself (made read-only and hard-linked into place, no byte copied), any other"
                            + " file is copied; its name is removed once the value is stored, and only if the file did"
                            + " not change meanwhile (a file a process still holds open for writing, or that changes"
                            + " while it is hashed, is refused and left as it was). Under a file consumer that moves"
                            + " its files after processing (neither noop nor delete) the name is left for it to move,"
                            + " as link does. link: as move, and the name stays (the file and the stored value are"
                            + " then one read-only file).")
    private Ingest ingest = Ingest.COPY;

    @UriParam(label = "producer", description = "verify: also remove the foreign entries it reports (symbolic links,"
                                                + " folders and special files where values or temporary files belong;"
                                                + " a link is removed, never followed).")
    private boolean removeForeign;

    @UriParam(label = "producer", description = "list: start after this key (the last key of the previous page); keys"
                                                + " come in ascending order.")
    private String listFrom;

    @UriParam(label = "producer", description = "list: the most keys one list gives (0 or less: no limit); with listFrom"
                                                + " it pages through a lake.")
    private int listLimit;

    @UriParam(label = "producer,gc", javaType = "java.time.Duration",
              description = "gc: remove values last used longer ago than this (30d, 12h; 0: none goes by age alone). The"
                            + " CamelTarnGcOlderThan header overrides it.")
    private long gcOlderThan;

    @UriParam(label = "producer,gc", description = "gc: comma-separated labels; values carrying any of them stay. The"
                                                   + " CamelTarnGcKeepLabels header overrides it.")
    private String gcKeepLabels;

    @UriParam(label = "producer,gc", description = "gc: comma-separated locations to collect from (a level's name, a"
                                                   + " leaf as its spec prints it, or a disk lake's folder); default every"
                                                   + " location. The CamelTarnGcLocations header overrides it.")
    private String gcLocations;

    @UriParam(label = "producer,gc", description = "gc: also sweep the memo index (memoIndex, else the one beside the"
                                                   + " lake): entries whose output is gone, and the outputs of the entries"
                                                   + " that go that no other entry references.")
    private boolean gcMemo;

    @UriParam(label = "producer,gc", description = "gc: drop the memo index entries of each memoized step running in this"
                                                   + " JVM made by code other than its current code (implies gcMemo).")
    private boolean keepCurrentCodeOnly;

    @UriParam(label = "producer,gc", defaultValue = "1m", javaType = "java.time.Duration",
              description = "gc: a value used this recently before gc started is never removed (clock skew between"
                            + " machines sharing the lake).")
    private long gcGrace = 60_000;

    @UriParam(label = "producer,gc", description = "gc: remove nothing; the report lists what would go. The"
                                                   + " CamelTarnGcDryRun header overrides it.")
    private boolean dryRun;

    @UriParam(label = "consumer", description = "The file that keeps the consumer's position, so a restarted route"
                                                + " neither repeats nor loses a value: on a disk lake its place in the"
                                                + " lake's change journal and its last full scan; on other locations the"
                                                + " keys it has handed on. Default: BASE/.positions/NAME.position (disk)"
                                                + " or NAME.keys under the component's baseDirectory.")
    private String positionFile;

    @UriParam(label = "consumer", defaultValue = "1h", javaType = "java.time.Duration",
              description = "Disk lakes: how often the consumer walks the whole lake for values its change journal does"
                            + " not hold (written by Python tarn, another program or a copy by hand). At least 5s.")
    private long fullScanPeriod = 3_600_000;

    // in hours: camel-spring-boot 4.17's generator turns a default into milliseconds only below days
    @UriParam(label = "consumer", defaultValue = "168h", javaType = "java.time.Duration",
              description = "Disk lakes: journal segments this consumer has read and that were last written to longer"
                            + " ago than this (default 7 days) are deleted. A consumer stopped for longer rescans (see"
                            + " the guide).")
    private long journalRetention = 7 * 86_400_000L;

    @UriParam(label = "consumer", defaultValue = "100",
              description = "The most values one poll hands on (0 or less: no limit).")
    private int maxMessagesPerPoll = 100;

    @UriParam(label = "consumer", defaultValue = "true",
              description = "A poll that handed on maxMessagesPerPoll values is followed at once by the next, so a"
                            + " backlog drains as fast as the route takes it; delay applies once a poll finds fewer."
                            + " false: every poll waits delay after the last, which throttles a backlog to"
                            + " maxMessagesPerPoll values per delay.")
    private boolean drainBacklog = true;

    @UriParam(description = "The change feed of the lake: a Camel endpoint URI, such as a kafka: URI naming the topic"
                            + " and its brokers option (with camel-kafka among the dependencies; in an endpoint URI wrap a"
                            + " URI with more than one option in RAW(...)). Every value a write stores is published there once the lake has"
                            + " acknowledged it (a publish never fails the write: on a feed that cannot be reached the"
                            + " value is left to the full scan). A consumer with groupId reads the feed as that consumer"
                            + " group instead of scanning the lake. Give it on the component (camel.component.tarn.changes)"
                            + " so that every writer and consumer of the lake uses the same feed.")
    private String changes;

    @UriParam(label = "consumer", description = "Consume the change feed (changes) as this consumer group: the consumers"
                                                + " of one group, in any number of JVMs, share the values, each value"
                                                + " handed on by one of them, its offset committed once its exchange is"
                                                + " done. On kafka: the consumer's groupId (or give groupId in the changes"
                                                + " URI). Without a group a consumer scans the lake (its full scan).")
    private String groupId;

    public String getChanges() {
        return changes;
    }

    public void setChanges(String changes) {
        this.changes = changes;
    }

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    /** The changes URI, or null when none is given. */
    String changesUri() {
        return changes == null || changes.isBlank() ? null : changes.trim();
    }

    public boolean isVerifiedReads() {
        return verifiedReads;
    }

    public void setVerifiedReads(boolean verifiedReads) {
        this.verifiedReads = verifiedReads;
    }

    public String getSpoolFolder() {
        return spoolFolder;
    }

    public void setSpoolFolder(String spoolFolder) {
        this.spoolFolder = spoolFolder;
    }

    public Ingest getIngest() {
        return ingest;
    }

    public void setIngest(Ingest ingest) {
        this.ingest = ingest;
    }

    public boolean isRemoveForeign() {
        return removeForeign;
    }

    public void setRemoveForeign(boolean removeForeign) {
        this.removeForeign = removeForeign;
    }

    public String getPositionFile() {
        return positionFile;
    }

    public void setPositionFile(String positionFile) {
        this.positionFile = positionFile;
    }

    public String getListFrom() {
        return listFrom;
    }

    public void setListFrom(String listFrom) {
        this.listFrom = listFrom;
    }

    public int getListLimit() {
        return listLimit;
    }

    public void setListLimit(int listLimit) {
        this.listLimit = listLimit;
    }

    public long getFullScanPeriod() {
        return fullScanPeriod;
    }

    public void setFullScanPeriod(long fullScanPeriod) {
        this.fullScanPeriod = fullScanPeriod;
    }

    public long getJournalRetention() {
        return journalRetention;
    }

    public void setJournalRetention(long journalRetention) {
        this.journalRetention = journalRetention;
    }

    public boolean isDrainBacklog() {
        return drainBacklog;
    }

    public void setDrainBacklog(boolean drainBacklog) {
        this.drainBacklog = drainBacklog;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    @UriParam(label = "memo", description = "memo: the sub-route to memoize, by the URI it consumes from (direct:step)."
                                            + " Its definition and the code of the processors and beans it calls make"
                                            + " the code fingerprint.")
    private String memoRoute;

    @UriParam(label = "memo", description = "memo: comma-separated headers whose values are part of the memo key.")
    private String memoHeaders;

    @UriParam(label = "memo", description = "memo: comma-separated headers set by the sub-route that are stored with"
                                            + " its output and restored (as Strings) on a hit.")
    private String memoOutputHeaders;

    @UriParam(label = "memo", description = "memo: the location of the memo index: a location spec (such as redis:cache:6379,"
                                            + " in an endpoint URI wrapped in RAW(...)) or a reference to a bean of type"
                                            + " io.tarn.location.Location (#memoIndex); Redis or S3 share results between"
                                            + " machines. Default: tools/memo in the lake's first disk folder.")
    private Location memoIndex;

    @UriParam(label = "memo", description = "memo: comma-separated packages whose classes all count as @Unstable:"
                                            + " a change to their code invalidates the memoized results that use them.")
    private String unstablePackages;

    public TarnOperation getOperation() {
        return operation;
    }

    public void setOperation(TarnOperation operation) {
        this.operation = operation;
    }

    public Location getLocation() {
        return location;
    }

    /** A location tree; a spec given as text is built by the component (see {@link LocationConverter}). */
    public void setLocation(Location location) {
        this.location = location;
    }

    public String getRoot() {
        return root;
    }

    public void setRoot(String root) {
        this.root = root;
    }

    public boolean isBodyAsKey() {
        return bodyAsKey;
    }

    public void setBodyAsKey(boolean bodyAsKey) {
        this.bodyAsKey = bodyAsKey;
    }

    public boolean isIgnoreMissing() {
        return ignoreMissing;
    }

    public void setIgnoreMissing(boolean ignoreMissing) {
        this.ignoreMissing = ignoreMissing;
    }

    public String getMemoRoute() {
        return memoRoute;
    }

    public void setMemoRoute(String memoRoute) {
        this.memoRoute = memoRoute;
    }

    public String getMemoHeaders() {
        return memoHeaders;
    }

    public void setMemoHeaders(String memoHeaders) {
        this.memoHeaders = memoHeaders;
    }

    public String getMemoOutputHeaders() {
        return memoOutputHeaders;
    }

    public void setMemoOutputHeaders(String memoOutputHeaders) {
        this.memoOutputHeaders = memoOutputHeaders;
    }

    public Location getMemoIndex() {
        return memoIndex;
    }

    public void setMemoIndex(Location memoIndex) {
        this.memoIndex = memoIndex;
    }

    public String getUnstablePackages() {
        return unstablePackages;
    }

    public void setUnstablePackages(String unstablePackages) {
        this.unstablePackages = unstablePackages;
    }

    public long getGcOlderThan() {
        return gcOlderThan;
    }

    public void setGcOlderThan(long gcOlderThan) {
        this.gcOlderThan = gcOlderThan;
    }

    public String getGcKeepLabels() {
        return gcKeepLabels;
    }

    public void setGcKeepLabels(String gcKeepLabels) {
        this.gcKeepLabels = gcKeepLabels;
    }

    public String getGcLocations() {
        return gcLocations;
    }

    public void setGcLocations(String gcLocations) {
        this.gcLocations = gcLocations;
    }

    public boolean isGcMemo() {
        return gcMemo;
    }

    public void setGcMemo(boolean gcMemo) {
        this.gcMemo = gcMemo;
    }

    public boolean isKeepCurrentCodeOnly() {
        return keepCurrentCodeOnly;
    }

    public void setKeepCurrentCodeOnly(boolean keepCurrentCodeOnly) {
        this.keepCurrentCodeOnly = keepCurrentCodeOnly;
    }

    public long getGcGrace() {
        return gcGrace;
    }

    public void setGcGrace(long gcGrace) {
        this.gcGrace = gcGrace;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public TarnConfiguration copy() {
        try {
            return (TarnConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
