package io.tarn.camel.idempotent;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.lake.Lake;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

class TarnIdempotentRepositoryTest {
    @TempDir
    Path tmp;

    @Test
    void addContainsRemoveAndDurability() {
        TarnIdempotentRepository repository = new TarnIdempotentRepository(DiskLocation.open(tmp));
        assertThat(repository.contains("order-1")).isFalse();
        assertThat(repository.add("order-1")).isTrue();
        assertThat(repository.add("order-1")).isFalse();
        assertThat(repository.contains("order-1")).isTrue();
        assertThat(repository.confirm("order-1")).isTrue();

        TarnIdempotentRepository reopened = new TarnIdempotentRepository();
        reopened.setRoot(tmp.toString());
        assertThat(reopened.contains("order-1")).as("durable: another instance on the folder sees it").isTrue();
        assertThat(reopened.remove("order-1")).isTrue();
        assertThat(repository.contains("order-1")).isFalse();
        assertThat(repository.remove("order-1")).isFalse();
    }

    @Test
    void clearDeletesOnlyTheRepositorysOwnEntries() {
        Lake lake = Lake.open(tmp);
        var other = lake.write("a value that is not an id".getBytes());
        TarnIdempotentRepository repository = new TarnIdempotentRepository(lake.location());
        repository.add("a");
        repository.add("b");
        repository.clear();
        assertThat(repository.contains("a")).isFalse();
        assertThat(repository.contains("b")).isFalse();
        assertThat(lake.contains(other)).isTrue();
    }

    @Test
    void anIdempotentConsumerSkipsDuplicatesAcrossCamelContexts() throws Exception {
        AtomicInteger processed = new AtomicInteger();
        for (int run = 0; run < 2; run++) {
            CamelContext context = new DefaultCamelContext();
            TarnIdempotentRepository repository = new TarnIdempotentRepository();
            repository.setRoot(tmp.resolve("seen").toString());
            context.getRegistry().bind("seen", repository);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").idempotentConsumer(header("id")).idempotentRepository("seen")
                            .process(e -> processed.incrementAndGet());
                }
            });
            context.start();
            for (String id : new String[] { "1", "2", "1" }) {
                context.createProducerTemplate().sendBodyAndHeader("direct:in", "x", "id", id);
            }
            context.stop();
        }
        assertThat(processed).hasValue(2);
    }
}
