package io.tarn.camel;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarnDefaultLakeTest {

    @TempDir
    Path base;

    @Test
    void withNoConfigurationTheLakeIsAFolderNamedAfterTheEndpoint() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getComponent("tarn", TarnComponent.class).setBaseDirectory(base.toString());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("tarn:images");
                }
            });
            context.start();
            String key = context.createProducerTemplate().request("direct:in", e -> e.getIn().setBody("pixels"))
                    .getMessage().getHeader(TarnConstants.KEY, String.class);
            // Python tarn's default, and usage marks (gc by age goes by use)
            assertThat(base.resolve("images/config.yml")).hasContent("levels:\n- 1\n- -1\nusage:\n  kwargs: {}\n  name: StatUsage");
            assertThat(base.resolve("images").resolve(key.substring(0, 2)).resolve(key.substring(2))).hasContent("pixels");
            // a second endpoint on the same lake shares it
            assertThat(context.createProducerTemplate().requestBodyAndHeader("tarn:images?operation=read", null,
                    TarnConstants.KEY, key, String.class)).isEqualTo("pixels");
        }
    }

    @Test
    void withNoBaseDirectoryAnUnnamedLakeIsAnErrorNamingWhatToSet() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getComponent("tarn", TarnComponent.class).setBaseDirectory(null);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("tarn:scratch");
                }
            });
            assertThatThrownBy(context::start).rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tarn://scratch keeps its disk lake under the component's baseDirectory, and"
                                          + " none is set")
                    .hasMessageContaining("camel.component.tarn.base-directory=FOLDER")
                    .hasMessageContaining("camel.component.tarn.lakes.scratch=SPEC");
        }
    }

    @Test
    void withNoBaseDirectoryAConsumerNeedsItsPositionFile() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            TarnComponent tarn = context.getComponent("tarn", TarnComponent.class);
            tarn.setBaseDirectory(null);
            tarn.getLakes().put("scans", base.resolve("scans").toString());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("tarn:scans").routeId("new-scans").to("log:scan");
                }
            });
            // the consumer starts after its endpoint, and its error comes as it is
            assertThatThrownBy(context::start)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tarn://scans keeps its consumer's position under the component's"
                                          + " baseDirectory, and none is set")
                    .hasMessageContaining("give the positionFile option");
        }
        // the lake itself was named: it exists; no position folder was made anywhere
        assertThat(base.resolve("scans/config.yml")).exists();
        assertThat(base.resolve(".positions")).doesNotExist();
    }
}
