package io.tarn.memo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.tarn.camel.TarnComponent;
import io.tarn.camel.backend.servers.RedisServer;
import io.tarn.camel.memo.Memoize;

import static io.tarn.memo.MissReasonTest.reason;
import static org.assertj.core.api.Assertions.assertThat;

/** The last runs are shared like the index: two CamelContexts writing at once to an index in a real redis-server. */
class MissReasonSharedTest extends MemoTestSupport {
    private RedisServer redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = new RedisServer().start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        redis.close();
    }

    private ProducerTemplate context(CountingStep step) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                TarnComponent tarn = getContext().getComponent("tarn", TarnComponent.class);
                from("direct:in").process(Memoize.of(lake(), step)
                        .index(tarn.parseSpec("redis:127.0.0.1:" + redis.port() + "?prefix=memo:")));
            }
        });
        return started(context).createProducerTemplate();
    }

    @Test
    void concurrentMissesOfTwoContextsLeaveReadableRecordsThatBothRead() throws Exception {
        List<ProducerTemplate> contexts = List.of(context(new CountingStep(0)), context(new CountingStep(0)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> reasons = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                ProducerTemplate template = contexts.get(thread % 2);
                int first = thread * 10;
                results.add(pool.submit(() -> {
                    go.await();
                    List<String> mine = new ArrayList<>();
                    for (int i = first; i < first + 10; i++) {
                        mine.add(reason(send(template, "input " + i, Map.of())));
                    }
                    return mine;
                }));
            }
            go.countDown();
            for (Future<List<String>> result : results) {
                reasons.addAll(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // a reader may come between another writer's delete and write: it takes the run for the first
        assertThat(Set.copyOf(reasons)).isSubsetOf("input changed", "first run of this step: no previous run recorded");
        assertThat(reasons).hasSize(80).contains("input changed");

        assertThat(reason(send(contexts.get(0), "one more", Map.of()))).isEqualTo("input changed");
        Exchange changed = send(context(new CountingStep(5)), "input 17", Map.of());
        assertThat(reason(changed)).as("the run of input 17 in another context, read from Redis")
                .isEqualTo("code changed: state io.tarn.memo.CountingStep.millis");
    }
}
