package io.tarn.camel;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a tarn consumer: where it keeps its position, how often it scans a disk lake whole, how much one
 * poll hands on, and the consumer group it reads the change feed as.
 * <p>
 * A superclass of {@link TarnConfiguration}, which says why.
 */
@UriParams
public abstract class TarnConsumerOptions extends TarnMemoOptions {

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

    @UriParam(label = "consumer", description = "Consume the change feed (changes) as this consumer group: the consumers"
                                                + " of one group, in any number of JVMs, share the values, each value"
                                                + " handed on by one of them, its offset committed once its exchange is"
                                                + " done. On kafka: the consumer's groupId (or give groupId in the changes"
                                                + " URI). Without a group a consumer scans the lake (its full scan).")
    private String groupId;

    public String getPositionFile() {
        return positionFile;
    }

    public void setPositionFile(String positionFile) {
        this.positionFile = positionFile;
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

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public boolean isDrainBacklog() {
        return drainBacklog;
    }

    public void setDrainBacklog(boolean drainBacklog) {
        this.drainBacklog = drainBacklog;
    }

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }
}
