package io.tarn.camel;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

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
            assertThat(base.resolve("images/config.yml")).hasContent("levels:\n- 1\n- -1");
            assertThat(base.resolve("images").resolve(key.substring(0, 2)).resolve(key.substring(2))).hasContent("pixels");
            // a second endpoint on the same lake shares it
            assertThat(context.createProducerTemplate().requestBodyAndHeader("tarn:images?operation=read", null,
                    TarnConstants.KEY, key, String.class)).isEqualTo("pixels");
        }
    }
}
