package io.tarn.camel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tarn.InvalidKeyException;
import io.tarn.LakeNotFoundException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Only a write makes a lake: every other operation on a folder without one fails naming the folder and leaves
 * nothing behind, so that a mistyped root or lake name is found at once instead of reading as an empty lake.
 */
class MissingLakeTest extends TarnTestSupport {
    private static final String KEY = "a".repeat(64);

    private LakeNotFoundException missingLake(String route, Object body) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> template.requestBodyAndHeader(route,
                body, TarnConstants.KEY, KEY));
        assertThat(thrown).as(route).isInstanceOf(CamelExecutionException.class);
        LakeNotFoundException missing = causeOf(thrown, LakeNotFoundException.class);
        assertThat(missing).as(route + " fails with a LakeNotFoundException, not " + thrown.getCause()).isNotNull();
        return missing;
    }

    @Test
    void everyOperationButWriteFailsOnAMissingLakeNamingTheFolderAndLeavesNothing() {
        for (String operation : List.of("read", "contains", "list", "touch", "verify", "delete", "fetch", "gc")) {
            LakeNotFoundException missing = missingLake("direct:" + operation, null);
            assertThat(missing.getFolder()).isEqualTo(lakeRoot().toAbsolutePath());
            assertThat(missing).hasMessageContaining("No lake at " + lakeRoot().toAbsolutePath() + " (no config.yml")
                    .hasMessageContaining("check the root option or the lake name, or write a value first");
            assertThat(lakeRoot()).as("after " + operation).doesNotExist();
        }
    }

    @Test
    void ignoreMissingCoversMissingKeysNotAMissingLake() {
        missingLake("direct:readOrNothing", null);
        missingLake("direct:fetchOrNothing", null);
        assertThat(lakeRoot()).doesNotExist();
    }

    @Test
    void anInvalidKeyIsReportedAsSuchEvenOnAMissingLake() {
        assertThatThrownBy(() -> template.requestBodyAndHeader("direct:read", null, TarnConstants.KEY, "not-a-key"))
                .hasRootCauseInstanceOf(InvalidKeyException.class).rootCause().hasMessageContaining("not-a-key");
        assertThat(lakeRoot()).doesNotExist();
    }

    @Test
    void aWriteCreatesTheLakeWhichReadsThenFind() throws Exception {
        String key = keyOf("direct:write", "first value");
        assertThat(lakeRoot().resolve("config.yml"))
                .hasContent("levels:\n- 1\n- -1\nusage:\n  kwargs: {}\n  name: StatUsage");
        assertThat(template.requestBodyAndHeader("direct:read", null, TarnConstants.KEY, key, String.class))
                .isEqualTo("first value");
        assertThat(template.request("direct:contains", e -> e.getIn().setHeader(TarnConstants.KEY, KEY)).getMessage()
                .getHeader(TarnConstants.FOUND, Boolean.class)).isFalse();
    }

    @Test
    void aConsumerWaitsForAWriterToCreateTheLakeAndCreatesNothingMeanwhile() throws Exception {
        Path position = tmp.resolve("positions").resolve("lake.position");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(lakeUri("delay=20&positionFile=" + position)).routeId("consumer").to("mock:values");
            }
        });
        MockEndpoint values = getMockEndpoint("mock:values");
        // polls that find no lake: no failure, nothing made
        Thread.sleep(300);
        assertThat(context.getRouteController().getRouteStatus("consumer").isStarted()).isTrue();
        assertThat(lakeRoot()).doesNotExist();
        assertThat(position.getParent()).doesNotExist();
        values.expectedBodiesReceived("arrived");
        values.setResultWaitTime(TimeUnit.SECONDS.toMillis(10));
        keyOf("direct:write", "arrived".getBytes(StandardCharsets.UTF_8));
        values.assertIsSatisfied();
        assertThat(Files.exists(position)).isTrue();
    }

    @Test
    void theHealthCheckOfALakeNotCreatedYetIsUpAndSaysSo() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            HealthCheckRegistry health = new DefaultHealthCheckRegistry();
            context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, health);
            Path root = tmp.resolve("later");
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("tarn:later?root=" + root);
                }
            });
            context.start();
            HealthCheck.Result result = HealthCheckHelper.invoke(context, "full").stream()
                    .filter(r -> "tarn-later".equals(r.getCheck().getId())).findFirst().orElseThrow();
            assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(result.getDetails().values()).anySatisfy(detail -> assertThat(String.valueOf(detail))
                    .contains("not created yet at " + root.toAbsolutePath()));
            assertThat(root).doesNotExist();
        }
    }
}
