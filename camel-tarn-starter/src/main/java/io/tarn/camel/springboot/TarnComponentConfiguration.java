package io.tarn.camel.springboot;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tarn.Ingest;
import io.tarn.camel.TarnConfiguration;
import io.tarn.camel.TarnOperation;
import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every option of the tarn component under {@code camel.component.tarn.*}, as Spring Boot binds them; the
 * configuration processor turns the field comments into the IDE metadata. One field per option of the component's
 * generated descriptor (tarn.json), with its description and default: {@code TarnStarterMetadataTest} fails when the
 * two part. Options that name a Location bean or a spec are Strings here: the component resolves them ({@code #name}
 * is a Spring bean).
 */
@ConfigurationProperties(prefix = "camel.component.tarn")
public class TarnComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Whether to enable auto configuration of the tarn component. This is enabled by default.
     */
    private Boolean enabled;

    /**
     * The folder under which an endpoint with neither location nor root keeps its disk lake, in a sub-folder named
     * after the endpoint (tarn:images uses tarn/images). Under Spring Boot it has no default: an endpoint that would
     * keep something there (the disk lake of a name that is neither in lakes nor given a location or root; a
     * consumer's position file) fails to start, naming this option, rather than writing into the working directory.
     */
    private String baseDirectory;

    /**
     * Named lakes: lake name to a location spec (or a Location bean). An endpoint tarn:NAME with neither location nor
     * root uses the lake of that name, e.g. camel.component.tarn.lakes.images=levels(/mnt/ssd/images,
     * /mnt/nfs/images). Under Spring Boot, #name in a spec is a Spring bean.
     */
    private Map<String, String> lakes = new LinkedHashMap<>();

    /**
     * The location tree holding the lake: a location spec such as levels(small(#hot, 100KiB), /mnt/ssd/lake,
     * /mnt/nfs/lake) (in an endpoint URI, wrap it in RAW(...)), or a reference to a bean of type
     * io.tarn.location.Location (#myLocation). Takes precedence over root. Under Spring Boot, #name is a Spring bean.
     */
    private String location;

    /**
     * The folder of a plain disk lake (Python tarn's format). When neither location nor root is given, the lake is the
     * folder named after the endpoint under the component's baseDirectory.
     */
    private String root;

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed as
     * a message and handled by the routing Error Handler. Important: This is only possible if the 3rd party component
     * allows Camel to be alerted if an exception was thrown. Some components handle this internally only, and
     * therefore bridgeErrorHandler is not possible. In other situations we may improve the Camel component to hook
     * into the 3rd party component and make this possible for future releases. By default the consumer will use the
     * org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR level and
     * ignored.
     */
    private Boolean bridgeErrorHandler = false;

    /**
     * The most values one poll hands on (0 or less: no limit).
     */
    private Integer maxMessagesPerPoll = 100;

    /**
     * The file that keeps the consumer's position, so a restarted route neither repeats nor loses a value: on a disk
     * lake its place in the lake's change journal and its last full scan; on other locations the keys it has handed on.
     * Default: BASE/.positions/NAME.position (disk) or NAME.keys under the component's baseDirectory.
     */
    private String positionFile;

    /**
     * write: replace the body with the key (claim check). read: the key is taken from the body.
     */
    private Boolean bodyAsKey = false;

    /**
     * read and fetch: when a key is missing, set CamelTarnFound=false (and a null body for read) instead of failing
     * with KeyNotFoundException.
     */
    private Boolean ignoreMissing = false;

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to allow
     * CamelContext and routes to startup in situations where a producer may otherwise fail during starting and cause
     * the route to fail being started. By deferring this startup to be lazy then the startup failure can be handled
     * during routing messages via Camel's routing error handlers. Beware that when the first message is processed then
     * creating and starting the producer may take a little time and prolong the total processing time of the
     * processing.
     */
    private Boolean lazyStartProducer = false;

    /**
     * The operation to perform; the CamelTarnOperation header overrides it.
     */
    private TarnOperation operation = TarnOperation.write;

    /**
     * write: what storing a local file body (a file consumer's file, a File or a Path) does to it. copy leaves it. move
     * takes it into the lake: a file of 16 MiB or more of this user with no other name, on the file system of the disk
     * that stores it, becomes the stored value itself (made read-only and hard-linked into place, no byte copied), any
     * other file is copied; its name is removed once the value is stored, and only if the file did not change meanwhile
     * (a file a process still holds open for writing, or that changes while it is hashed, is refused and left as it
     * was). Under a file consumer that moves its files after processing (neither noop nor delete) the name is left for
     * it to move, as link does. link: as move, and the name stays (the file and the stored value are then one
     * read-only file).
     */
    private Ingest ingest = Ingest.COPY;

    /**
     * Whether the lake health checks (tarn-NAME) of endpoints that consumers use are enabled.
     */
    private Boolean healthCheckConsumerEnabled = true;

    /**
     * Whether the lake health checks (tarn-NAME) of endpoints that producers use are enabled. An endpoint used both
     * ways has its check while either option is true.
     */
    private Boolean healthCheckProducerEnabled = true;

    /**
     * list: start after this key (the last key of the previous page); keys come in ascending order.
     */
    private String listFrom;

    /**
     * list: the most keys one list gives (0 or less: no limit); with listFrom it pages through a lake.
     */
    private Integer listLimit;

    /**
     * gc: remove values last used longer ago than this (30d, 12h; 0: none goes by age alone). The CamelTarnGcOlderThan
     * header overrides it.
     */
    private String gcOlderThan;

    /**
     * gc: comma-separated labels; values carrying any of them stay. The CamelTarnGcKeepLabels header overrides it.
     */
    private String gcKeepLabels;

    /**
     * gc: comma-separated locations to collect from (a level's name, a leaf as its spec prints it, or a disk lake's
     * folder); default every location. The CamelTarnGcLocations header overrides it.
     */
    private String gcLocations;

    /**
     * gc: also sweep the memo index (memoIndex, else the one beside the lake): entries whose output is gone, and the
     * outputs of the entries that go that no other entry references.
     */
    private Boolean gcMemo = false;

    /**
     * gc: drop the memo index entries of each memoized step running in this JVM made by code other than its current
     * code (implies gcMemo).
     */
    private Boolean keepCurrentCodeOnly = false;

    /**
     * gc: a value used this recently before gc started is never removed (clock skew between machines sharing the
     * lake).
     */
    private String gcGrace = "1m";

    /**
     * gc: remove nothing; the report lists what would go. The CamelTarnGcDryRun header overrides it.
     */
    private Boolean dryRun = false;

    /**
     * Disk lakes: how often the consumer walks the whole lake for values its change journal does not hold (written by
     * Python tarn, another program or a copy by hand). At least 5s.
     */
    private String fullScanPeriod = "1h";

    /**
     * Disk lakes: journal segments this consumer has read and that were last written to longer ago than this are
     * deleted. A consumer stopped for longer rescans (see the guide).
     */
    private String journalRetention = "7d";

    /**
     * verify: also remove the foreign entries it reports (symbolic links, folders and special files where values or
     * temporary files belong; a link is removed, never followed).
     */
    private Boolean removeForeign = false;

    /**
     * Where large incoming values (over 64 KiB) are staged while they are hashed. Default: the .tmp/ folder of the
     * first disk of the tree that may store the value (so that storing it is a link), the next one when that one is
     * full, then a private temporary folder. Give one for trees without a writable disk; it should be on the file
     * system of the disk that stores the values, else they are copied.
     */
    private String spoolFolder;

    /**
     * Re-hash every value as it is read: a corrupt copy is deleted and read from a lower level instead (which heals
     * it); with no intact copy a CorruptionException names the key. Costs a second read of each value.
     */
    private Boolean verifiedReads = false;

    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then gets
     * configured on the component. This can be used for automatic configuring JDBC data sources, JMS connection
     * factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled = true;

    /**
     * Defaults for every endpoint's options. The option is a io.tarn.camel.TarnConfiguration type, given as a #bean
     * reference.
     */
    private TarnConfiguration configuration;

    /**
     * memo: comma-separated headers whose values are part of the memo key.
     */
    private String memoHeaders;

    /**
     * memo: the location of the memo index: a location spec (such as redis:cache:6379, in an endpoint URI wrapped in
     * RAW(...)) or a reference to a bean of type io.tarn.location.Location (#memoIndex); Redis or S3 share results
     * between machines. Default: tools/memo in the lake's first disk folder. Under Spring Boot, #name is a Spring bean.
     */
    private String memoIndex;

    /**
     * memo: comma-separated headers set by the sub-route that are stored with its output and restored (as Strings) on
     * a hit.
     */
    private String memoOutputHeaders;

    /**
     * memo: the sub-route to memoize, by the URI it consumes from (direct:step). Its definition and the code of the
     * processors and beans it calls make the code fingerprint.
     */
    private String memoRoute;

    /**
     * memo: comma-separated packages whose classes all count as Unstable: a change to their code invalidates the
     * memoized results that use them.
     */
    private String unstablePackages;

    public String getBaseDirectory() {
        return baseDirectory;
    }

    public void setBaseDirectory(String baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    public Map<String, String> getLakes() {
        return lakes;
    }

    public void setLakes(Map<String, String> lakes) {
        this.lakes = lakes;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public String getRoot() {
        return root;
    }

    public void setRoot(String root) {
        this.root = root;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public Integer getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(Integer maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public String getPositionFile() {
        return positionFile;
    }

    public void setPositionFile(String positionFile) {
        this.positionFile = positionFile;
    }

    public Boolean getBodyAsKey() {
        return bodyAsKey;
    }

    public void setBodyAsKey(Boolean bodyAsKey) {
        this.bodyAsKey = bodyAsKey;
    }

    public Boolean getIgnoreMissing() {
        return ignoreMissing;
    }

    public void setIgnoreMissing(Boolean ignoreMissing) {
        this.ignoreMissing = ignoreMissing;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public TarnOperation getOperation() {
        return operation;
    }

    public void setOperation(TarnOperation operation) {
        this.operation = operation;
    }

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }

    public String getListFrom() {
        return listFrom;
    }

    public void setListFrom(String listFrom) {
        this.listFrom = listFrom;
    }

    public Integer getListLimit() {
        return listLimit;
    }

    public void setListLimit(Integer listLimit) {
        this.listLimit = listLimit;
    }

    public String getFullScanPeriod() {
        return fullScanPeriod;
    }

    public void setFullScanPeriod(String fullScanPeriod) {
        this.fullScanPeriod = fullScanPeriod;
    }

    public String getJournalRetention() {
        return journalRetention;
    }

    public void setJournalRetention(String journalRetention) {
        this.journalRetention = journalRetention;
    }

    public Ingest getIngest() {
        return ingest;
    }

    public void setIngest(Ingest ingest) {
        this.ingest = ingest;
    }

    public Boolean getRemoveForeign() {
        return removeForeign;
    }

    public void setRemoveForeign(Boolean removeForeign) {
        this.removeForeign = removeForeign;
    }

    public String getSpoolFolder() {
        return spoolFolder;
    }

    public void setSpoolFolder(String spoolFolder) {
        this.spoolFolder = spoolFolder;
    }

    public Boolean getVerifiedReads() {
        return verifiedReads;
    }

    public void setVerifiedReads(Boolean verifiedReads) {
        this.verifiedReads = verifiedReads;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public TarnConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(TarnConfiguration configuration) {
        this.configuration = configuration;
    }

    public String getMemoHeaders() {
        return memoHeaders;
    }

    public void setMemoHeaders(String memoHeaders) {
        this.memoHeaders = memoHeaders;
    }

    public String getMemoIndex() {
        return memoIndex;
    }

    public void setMemoIndex(String memoIndex) {
        this.memoIndex = memoIndex;
    }

    public String getMemoOutputHeaders() {
        return memoOutputHeaders;
    }

    public void setMemoOutputHeaders(String memoOutputHeaders) {
        this.memoOutputHeaders = memoOutputHeaders;
    }

    public String getMemoRoute() {
        return memoRoute;
    }

    public void setMemoRoute(String memoRoute) {
        this.memoRoute = memoRoute;
    }

    public String getUnstablePackages() {
        return unstablePackages;
    }

    public void setUnstablePackages(String unstablePackages) {
        this.unstablePackages = unstablePackages;
    }

    public String getGcOlderThan() {
        return gcOlderThan;
    }

    public void setGcOlderThan(String gcOlderThan) {
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

    public Boolean getGcMemo() {
        return gcMemo;
    }

    public void setGcMemo(Boolean gcMemo) {
        this.gcMemo = gcMemo;
    }

    public Boolean getKeepCurrentCodeOnly() {
        return keepCurrentCodeOnly;
    }

    public void setKeepCurrentCodeOnly(Boolean keepCurrentCodeOnly) {
        this.keepCurrentCodeOnly = keepCurrentCodeOnly;
    }

    public String getGcGrace() {
        return gcGrace;
    }

    public void setGcGrace(String gcGrace) {
        this.gcGrace = gcGrace;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }
}
