package io.tarn.integration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.TestData;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.backend.servers.NginxServer;
import io.tarn.lake.Lake;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route ingests through levels(small(redis), s3, sftp, disk, http) without pause while Redis, S3, SFTP and nginx
 * are stopped and restarted in turn: no exchange fails, the lake's health check is DOWN during each outage and UP
 * after, and every acknowledged key reads back intact at the end. A second route reads values that only nginx
 * serves: they miss while nginx is down and are found again once it is back.
 */
class OutageRouteTest {
    @TempDir
    Path tmp;

    @Test
    void theRouteKeepsGoingWhileEachServerIsDownAndRecovers() throws Exception {
        // a lake only nginx serves, read-only, at the bottom of the tree
        Lake served = Lake.open(tmp.resolve("served"));
        List<String> servedKeys = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            servedKeys.add(served.write(("served by nginx " + i).getBytes()).hex());
        }
        try (RealServers servers = new RealServers(tmp); CamelContext camel = new DefaultCamelContext();
             NginxServer nginx = NginxServer.serve(tmp.resolve("served"), tmp.resolve("nginx"))) {
            HealthCheckRegistry health = new DefaultHealthCheckRegistry();
            camel.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, health);
            String spec = "levels(small(" + servers.redisLeaf("outage:") + ", 16KiB), " + servers.s3Leaf() + ", "
                          + servers.sftpLeaf("remote") + ", " + tmp.resolve("disk") + ", " + nginx.url() + ")";
            AtomicInteger reads = new AtomicInteger();
            List<Boolean> found = Collections.synchronizedList(new ArrayList<>());
            List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicLong counter = new AtomicLong();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    onException(Exception.class).handled(true).process(e -> {
                        Exception caught = e.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class);
                        java.io.StringWriter trace = new java.io.StringWriter();
                        caught.printStackTrace(new java.io.PrintWriter(trace));
                        failures.add(trace.toString());
                    });
                    from("timer:ingest?period=20").routeId("ingest")
                            .process(e -> {
                                long n = counter.incrementAndGet();
                                // small values go to Redis, large ones past it
                                e.getMessage().setBody(TestData.bytes(n % 2 == 0 ? 512 : 40 * 1024, n));
                            })
                            .to("tarn:resilient?location=RAW(" + spec + ")")
                            .process(e -> acknowledged.add(e.getMessage().getHeader(TarnConstants.KEY, String.class)));
                    // a remote value is fetched when the body is read: if its server dies just then, that read fails
                    // once and a redelivery finds the value elsewhere, as a route reading through outages is set up
                    from("timer:read?period=10").routeId("read")
                            .onException(Exception.class).maximumRedeliveries(3).redeliveryDelay(20).handled(true)
                            .process(e -> failures.add("read: " + e.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT)))
                            .end()
                            .process(e -> e.getMessage().setHeader(TarnConstants.KEY,
                                    servedKeys.get(reads.getAndIncrement() % servedKeys.size())))
                            .to("tarn:resilient?location=RAW(" + spec + ")&operation=read&ignoreMissing=true")
                            .process(e -> found.add(e.getMessage().getHeader(TarnConstants.FOUND, Boolean.class)));
                }
            });
            camel.start();
            HealthCheck check = health.getCheck("tarn-resilient").orElseThrow();

            waitFor(() -> acknowledged.size() >= 10, "the route is running");
            waitFor(() -> found.contains(Boolean.TRUE), "values served by nginx are read");
            Action[] stops = {servers.redis::stop, servers.s3::stop, servers.ssh::stop, nginx::stop};
            Action[] starts = {() -> servers.redis.start(), servers.s3::start, servers.ssh::start, nginx::start};
            for (int i = 0; i < stops.length; i++) {
                int server = i;
                stops[i].run();
                int before = acknowledged.size();
                waitFor(() -> check.call().getState() == HealthCheck.State.DOWN, "health DOWN while server " + server + " is stopped");
                waitFor(() -> acknowledged.size() >= before + 20, "the route keeps ingesting while server " + server + " is down");
                if (i == 3) {
                    int seen = found.size();
                    waitFor(() -> found.size() > seen + 5 && !found.get(found.size() - 1), "reads of nginx-only values miss");
                }
                starts[i].run();
                waitFor(() -> check.call().getState() == HealthCheck.State.UP, "health UP once server " + server + " is back");
            }
            int afterOutages = found.size();
            waitFor(() -> found.size() > afterOutages + 5 && found.get(found.size() - 1), "nginx-only values are found again");
            int before = acknowledged.size();
            waitFor(() -> acknowledged.size() >= before + 10, "the route goes on after the last outage");
            camel.getRouteController().stopRoute("ingest");
            camel.getRouteController().stopRoute("read");

            assertThat(failures).as("no exchange failed").isEmpty();
            var template = camel.createProducerTemplate();
            for (String key : List.copyOf(acknowledged)) {
                var out = template.request("tarn:resilient?location=RAW(" + spec + ")&operation=read",
                        e -> e.getIn().setHeaders(Map.of(TarnConstants.KEY, key)));
                assertThat(out.getException()).as("reading acknowledged key %s", key).isNull();
                assertThat(TestData.sha256Hex(out.getMessage().getBody(byte[].class))).as("acknowledged key %s reads back intact", key)
                        .isEqualTo(key);
            }
            assertThat(acknowledged.size()).isGreaterThan(80);
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    interface Action {
        void run() throws Exception;
    }

    private static void waitFor(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
