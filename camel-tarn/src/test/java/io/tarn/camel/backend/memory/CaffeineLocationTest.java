package io.tarn.camel.backend.memory;

import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.caffeine.CaffeineConstants;
import org.junit.jupiter.api.Test;

import io.tarn.Key;
import io.tarn.LocationSpecException;
import io.tarn.TestData;
import io.tarn.Value;
import io.tarn.camel.backend.SharedCamel;
import io.tarn.location.Entry;
import io.tarn.location.GeneratedValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The byte bound of the Caffeine level: eviction, declined large values, names in the Camel registry, the cache a route
 * reaches through camel-caffeine.
 */
class CaffeineLocationTest {

    @Test
    void writingMoreThanTheBoundEvictsAndStaysUnderIt() {
        long max = 1 << 20;
        try (CaffeineLocation cache = new CaffeineLocation(SharedCamel.context(), "evicting", max)) {
            assertThat(cache.maxValueBytes()).isEqualTo(max / 16);
            long written = 0;
            for (int i = 0; i < 64; i++) {
                byte[] bytes = TestData.bytes(40_000, i);
                Key key = TestData.sha256Key(bytes);
                assertThat(cache.write(key, Value.of(bytes), Set.of("n" + i))).isPresent();
                written += bytes.length;
                assertThat(cache.weightedBytes()).as("after %d bytes", written).isLessThanOrEqualTo(max);
            }
            assertThat(written).isGreaterThan(2 * max);
            assertThat(cache.evictions()).isPositive();
            long listed;
            try (Stream<Entry> entries = cache.contents()) {
                listed = entries.mapToLong(entry -> {
                    assertThat(entry.labels()).as("labels stay with kept values").hasSize(1);
                    return TestData.consume(cache.read(entry.key()).orElseThrow()).length;
                }).sum();
            }
            assertThat(listed).isEqualTo(cache.weightedBytes()).isLessThanOrEqualTo(max).isGreaterThan(max / 2);
        }
    }

    @Test
    void aValueAboveTheBoundIsDeclinedUnread() {
        try (CaffeineLocation cache = new CaffeineLocation(SharedCamel.context(), "declining", 1 << 20, 1000)) {
            AtomicBoolean opened = new AtomicBoolean();
            Value large = new Value() {
                @Override
                public long size() {
                    return 1001;
                }

                @Override
                public InputStream open() {
                    opened.set(true);
                    return InputStream.nullInputStream();
                }
            };
            assertThat(cache.write(TestData.sha256Key(new byte[1001]), large, Set.of())).isEmpty();
            assertThat(opened).as("declined without being read").isFalse();

            byte[] unknown = new byte[1001];
            assertThat(cache.write(TestData.sha256Key(unknown), TestData.unknownSize(unknown), Set.of()))
                    .as("a value of unknown size is read up to the bound, then declined").isEmpty();
            GeneratedValue huge = new GeneratedValue(1L << 30, 1);
            assertThat(cache.write(Key.of(new byte[32]), huge, Set.of())).isEmpty();
            byte[] fits = new byte[1000];
            assertThat(cache.write(TestData.sha256Key(fits), TestData.unknownSize(fits), Set.of())).isPresent();
            assertThat(cache.weightedBytes()).isEqualTo(1000);
        }
    }

    /** tarn reads and writes the cache itself; a route reaches the same cache through camel-caffeine, by its name. */
    @Test
    void aRouteReadsTheCacheThroughCamelCaffeine() throws Exception {
        Key key = TestData.sha256Key(TestData.utf8("seen by a route"));
        String uri = "caffeine-cache:routed?action=GET&key=" + key.hex();
        ProducerTemplate template = SharedCamel.context().createProducerTemplate();
        try (CaffeineLocation level = new CaffeineLocation(SharedCamel.context(), "routed", 1 << 20)) {
            level.write(key, Value.of(TestData.utf8("seen by a route")), Set.of()).orElseThrow();
            Exchange got = template.request(uri, exchange -> { });
            assertThat(got.getMessage().getBody(byte[].class)).isEqualTo(TestData.utf8("seen by a route"));
        }
        try (CaffeineLocation again = new CaffeineLocation(SharedCamel.context(), "routed", 1 << 20)) {
            Exchange got = template.request(uri, exchange -> { });
            assertThat(got.getMessage().getHeader(CaffeineConstants.ACTION_HAS_RESULT, Boolean.class))
                    .as("the route's endpoint went with the closed location: it finds the new, empty cache").isFalse();
        } finally {
            template.close();
        }
    }

    @Test
    void eachLocationHasItsOwnCacheName() {
        try (CaffeineLocation first = new CaffeineLocation(SharedCamel.context(), "named", 1 << 20)) {
            assertThatThrownBy(() -> new CaffeineLocation(SharedCamel.context(), "named", 1 << 20))
                    .isInstanceOf(LocationSpecException.class).hasMessageContaining("named");
            first.write(TestData.sha256Key(TestData.utf8("x")), Value.of(TestData.utf8("x")), Set.of()).orElseThrow();
        }
        try (CaffeineLocation again = new CaffeineLocation(SharedCamel.context(), "named", 1 << 20)) {
            assertThat(again.contains(TestData.sha256Key(TestData.utf8("x")))).as("a fresh cache after close").isFalse();
        }
        assertThatThrownBy(() -> new CaffeineLocation(SharedCamel.context(), "no/slash", 1 << 20))
                .isInstanceOf(LocationSpecException.class);
    }
}
