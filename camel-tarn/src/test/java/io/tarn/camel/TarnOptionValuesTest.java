package io.tarn.camel;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An option value that means nothing is refused where it is set (endpoint URI, component property, header), with one
 * message naming the option, the value and what is accepted; a value that means something is taken as it means.
 */
class TarnOptionValuesTest extends TarnTestSupport {
    private static final String[] BAD_DURATIONS = {"ninety", "3x", "90days"};
    private static final String[] DURATION_OPTIONS = {"gcOlderThan", "gcGrace", "fullScanPeriod", "journalRetention"};

    @Test
    void aDurationThatMeansNothingIsRefusedInAnEndpointUri() {
        for (String option : DURATION_OPTIONS) {
            for (String bad : BAD_DURATIONS) {
                Throwable thrown = catchThrowable(() -> context.getEndpoint(lakeUri(option + "=" + bad)));
                assertThat(thrown).as(option + "=" + bad).isInstanceOf(ResolveEndpointFailedException.class);
                assertThat(causeOf(thrown, IllegalArgumentException.class)).as(option + "=" + bad)
                        .hasMessageContaining(option).hasMessageContaining("'" + bad + "'").hasMessageContaining("90d, 12h, 1h30m");
            }
        }
    }

    @Test
    void camelsDurationsAreTakenInAnEndpointUri() {
        TarnEndpoint endpoint = context.getEndpoint(lakeUri("gcOlderThan=90d&gcGrace=1h30m&fullScanPeriod=PT10S"),
                TarnEndpoint.class);
        assertThat(endpoint.getConfiguration().getGcOlderThan()).isEqualTo(90L * 86_400_000);
        assertThat(endpoint.getConfiguration().getGcGrace()).isEqualTo(90L * 60_000);
        assertThat(endpoint.getConfiguration().getFullScanPeriod()).isEqualTo(10_000);
    }

    @Test
    void aNumberThatIsNotANumberIsRefusedInAnEndpointUri() {
        for (String option : new String[] {"listLimit", "maxMessagesPerPoll"}) {
            Throwable thrown = catchThrowable(() -> context.getEndpoint(lakeUri(option + "=ten")));
            assertThat(thrown).as(option).isInstanceOf(ResolveEndpointFailedException.class);
            assertThat(causeOf(thrown, IllegalArgumentException.class)).as(option)
                    .hasMessageContaining(option).hasMessageContaining("'ten'").hasMessageContaining("whole number");
        }
        assertThat(context.getEndpoint(lakeUri("listLimit=10"), TarnEndpoint.class).getConfiguration().getListLimit())
                .isEqualTo(10);
    }

    @Test
    void aComponentPropertyIsCheckedAsTheEndpointOptionIs() {
        TarnComponent tarn = context.getComponent("tarn", TarnComponent.class);
        for (String option : DURATION_OPTIONS) {
            for (String bad : BAD_DURATIONS) {
                // as Camel Main binds camel.component.tarn.OPTION
                Throwable thrown = catchThrowable(() -> PropertyBindingSupport.build()
                        .withConfigurer(tarn.getComponentPropertyConfigurer()).withIgnoreCase(true)
                        .withProperties(new java.util.HashMap<>(Map.of(option, bad))).withTarget(tarn)
                        .withCamelContext(context).withRemoveParameters(false).bind());
                assertThat(causeOf(thrown, IllegalArgumentException.class)).as(option + "=" + bad)
                        .hasMessageContaining(option).hasMessageContaining("'" + bad + "'");
            }
        }
        Throwable thrown = catchThrowable(() -> PropertyBindingSupport.build()
                .withConfigurer(tarn.getComponentPropertyConfigurer())
                .withProperties(new java.util.HashMap<>(Map.of("listLimit", "ten"))).withTarget(tarn)
                .withCamelContext(context).bind());
        assertThat(causeOf(thrown, IllegalArgumentException.class)).hasMessageContaining("listLimit").hasMessageContaining("'ten'");

        PropertyBindingSupport.build().withConfigurer(tarn.getComponentPropertyConfigurer())
                .withProperties(new java.util.HashMap<>(Map.of("gcOlderThan", "1h30m"))).withTarget(tarn)
                .withCamelContext(context).bind();
        assertThat(tarn.getConfiguration().getGcOlderThan()).isEqualTo(90L * 60_000);
    }

    @Test
    void theGcOlderThanHeaderIsReadByTheSameGrammar() throws Exception {
        for (String bad : BAD_DURATIONS) {
            Exchange out = template.request("direct:gc", e -> e.getIn().setHeader(TarnConstants.GC_OLDER_THAN, bad));
            assertThat(out.getException()).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(TarnConstants.GC_OLDER_THAN).hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("90d, 12h, 1h30m");
        }
        // a lake to collect: only a write creates one
        template.sendBody("direct:write", "a value");
        Exchange out = template.request("direct:gc", e -> e.getIn().setHeader(TarnConstants.GC_OLDER_THAN, "1h30m"));
        assertThat(out.getException()).isNull();
    }
}
