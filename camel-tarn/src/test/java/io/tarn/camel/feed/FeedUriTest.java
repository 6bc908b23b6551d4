package io.tarn.camel.feed;

import java.nio.file.Path;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.HashAlgorithm;
import io.tarn.Key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The feed's URIs and records, without a broker: what is added, what is refused, what a record names. */
class FeedUriTest {
    private static final String WHERE = "tarn://lake?groupId=G";

    @Test
    void aWriterWaitsForTheBrokerOnlySoLong() {
        assertThat(FeedUri.forWriters("kafka:feed?brokers=k:9092"))
                .isEqualTo("kafka:feed?brokers=k:9092&maxBlockMs=5000&requestTimeoutMs=5000&deliveryTimeoutMs=5000");
        assertThat(FeedUri.forWriters("kafka:feed?brokers=k:9092&maxBlockMs=100")).contains("maxBlockMs=100")
                .doesNotContain("maxBlockMs=5000");
        assertThat(FeedUri.forWriters("seda:feed")).isEqualTo("seda:feed");
    }

    @Test
    void aGroupCommitsOnlyWhatIsDone() {
        String uri = FeedUri.forGroup("kafka:feed?brokers=k:9092", "scoring", WHERE);
        assertThat(uri).startsWith("kafka:feed?brokers=k:9092&groupId=scoring&").contains("allowManualCommit=true",
                "autoCommitEnable=false", "breakOnFirstError=true", "autoOffsetReset=earliest",
                "kafkaManualCommitFactory=#class:org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory");
        assertThat(FeedUri.forGroup("kafka:feed?brokers=k:9092&groupId=scoring", null, WHERE))
                .contains("groupId=scoring").doesNotContain("groupId=null");
        assertThat(FeedUri.forGroup("kafka:feed", "a group", WHERE)).contains("groupId=RAW(a group)");
        assertThat(FeedUri.namesGroup("kafka:feed?groupId=g")).isTrue();
        assertThat(FeedUri.namesGroup("kafka:feed?brokers=k:9092")).isFalse();
    }

    @Test
    void optionsThatWouldCommitEarlierAreRefusedByName() {
        assertThatThrownBy(() -> FeedUri.forGroup("kafka:feed?autoCommitEnable=true", "g", WHERE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(WHERE)
                .hasMessageContaining("autoCommitEnable=true").hasMessageContaining("remove it");
        assertThatThrownBy(() -> FeedUri.forGroup("kafka:feed?allowManualCommit=false", "g", WHERE))
                .hasMessageContaining("allowManualCommit=false");
        assertThatThrownBy(() -> FeedUri.forGroup("kafka:feed?batching=true", "g", WHERE))
                .hasMessageContaining("batching=true");
        assertThatThrownBy(() -> FeedUri.forGroup("kafka:feed?kafkaManualCommitFactory=#mine", "g", WHERE))
                .hasMessageContaining("kafkaManualCommitFactory");
        assertThatThrownBy(() -> FeedUri.forGroup("kafka:feed?groupId=a", "b", WHERE))
                .hasMessageContaining("(b)").hasMessageContaining("(a)").hasMessageContaining("give the group once");
    }

    @Test
    void aGroupWithoutAFeedIsRefusedSayingWhatToGive(@TempDir Path tmp) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("tarn:lake?root=" + tmp + "&groupId=scoring").to("log:x");
                }
            });
            assertThatThrownBy(context::start).rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("names the consumer group scoring but no change feed")
                    .hasMessageContaining("camel.component.tarn.changes");
        }
    }

    @Test
    void aRecordNamesItsKey() {
        Key key = HashAlgorithm.SHA256.digest("v".getBytes());
        String json = new Change(key, 1, Set.of("b", "a \"q\"\n"), 42).json();
        assertThat(json).isEqualTo("{\"key\":\"" + key.hex() + "\",\"size\":1,\"labels\":[\"a \\\"q\\\"\\u000a\",\"b\"],"
                                   + "\"clock\":42}");
        assertThat(Change.keyOf(json)).isEqualTo(key.hex());
        assertThat(Change.keyOf(" " + key.hex() + "\n")).as("a bare key, announced by hand").isEqualTo(key.hex());
        assertThat(Change.keyOf("{\"size\":1}")).isNull();
        assertThat(Change.keyOf(null)).isNull();
    }
}
