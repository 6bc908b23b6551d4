package io.tarn.camel;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a tarn endpoint's {@code gc} operation: what to remove, what to keep, whether to sweep the memo
 * index; a gc message's headers override some of them.
 * <p>
 * A superclass of {@link TarnConfiguration}, which says why.
 */
@UriParams
public abstract class TarnGcOptions {

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
}
