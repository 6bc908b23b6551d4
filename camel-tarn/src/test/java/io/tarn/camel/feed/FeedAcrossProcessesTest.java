package io.tarn.camel.feed;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.camel.backend.servers.S3Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writer JVMs and consumer JVMs of one group over one lake and its feed on Kafka (in this JVM), a consumer killed with
 * SIGKILL mid-stream and replaced: what {@link FeedProcesses#run} checks, over a disk lake and over S3.
 * {@code -Dtarn.feed.long=true} writes 10 times more.
 */
class FeedAcrossProcessesTest {
    private static final boolean LONG = Boolean.getBoolean("tarn.feed.long");
    private static KafkaBroker kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = KafkaBroker.shared();
    }

    /** Two writers and three consumers at once: values handed on as they are written; killed once (twice if long). */
    @Test
    void aGroupOfConsumerJvmsHandsOnEveryValueWithOneKilledMidStream() throws Exception {
        FeedProcesses.run(kafka, tmp, new FeedProcesses.Scenario("lake-feed", "root=" + tmp.resolve("lake"), 2,
                LONG ? 1500 : 150, 3, 25, 10, LONG ? 2 : 1, false));
    }

    /**
     * Three writers and three consumers over one S3 lake (s3proxy in this JVM, which the children reach by its loopback
     * port), a consumer killed twice; and the two consumers never killed do not slow down towards their last values.
     * <p>
     * A consumer's rate is its own only while the group is behind: a consumer faster than the writers goes at their
     * pace, and on a loaded machine the writers' pace falls at the end, as they finish one after the other. So the
     * writers write every value first (publishing each as they go) and the consumers hand on that backlog, each at
     * the pace of its route (100 ms a value, plus reading it from S3). Each tenth of what a never-killed consumer
     * handed on is measured by its median pace (the median time between two of its values: a rebalance, after a kill
     * or a join, is one long gap and left out), and the last tenth must be at least a third of the median tenth's:
     * the first tenth is slower (JVMs warming up, members joining one by one), a tenth may hold a few seconds of a
     * machine loaded by other builds (under a load of 20 on 2 cores one tenth of a run went at half the median pace),
     * and a consumer whose cost per value grew with what it handed on, or with the lake, falls below it. The rates,
     * pauses included, are printed beside them.
     */
    @Test
    void aGroupOfConsumerJvmsSharesAnS3LakeWithOneKilledTwice() throws Exception {
        try (S3Server s3 = new S3Server(tmp.resolve("s3"))) {
            s3.createBucket("lake");
            String lake = "location=RAW(s3:lake?endpoint=" + s3.endpoint() + "&region=us-east-1&accessKey="
                          + S3Server.IDENTITY + "&secretKey=" + S3Server.CREDENTIAL + ")";
            FeedProcesses.Outcome outcome = FeedProcesses.run(kafka, tmp, new FeedProcesses.Scenario("s3-lake-feed",
                    lake, 3, LONG ? 1000 : 100, 3, 100, 10, 2, true));
            for (int consumer = 1; consumer < 3; consumer++) {
                double[] tenths = outcome.paces(consumer);
                double[] sorted = tenths.clone();
                Arrays.sort(sorted);
                assertThat(tenths).as("consumer %d's pace per tenth: %s", consumer, outcome.report()).hasSize(10);
                assertThat(tenths[9]).as("consumer %d's last tenth against its median: %s", consumer, outcome.report())
                        .isGreaterThanOrEqualTo((sorted[4] + sorted[5]) / 2 / 3);
            }
        }
    }
}
