package io.tarn.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes written in Camel's YAML DSL use every tarn: operation. */
class TarnYamlDslTest {
    @TempDir
    Path root;

    @Test
    void yamlRoutesWriteReadAndOperateOnALake() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.setProperty("lake.root", root.resolve("lake").toString());
            context.getPropertiesComponent().setInitialProperties(properties);
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "classpath:io/tarn/camel/tarn-routes.yaml"));
            context.start();
            ProducerTemplate template = context.createProducerTemplate();

            String key = template.request("direct:yaml-write", e -> e.getIn().setBody("from yaml"))
                    .getMessage().getHeader(TarnConstants.KEY, String.class);
            assertThat(key).isEqualTo(TarnTestSupport.sha256("from yaml".getBytes()));
            assertThat(template.requestBodyAndHeader("direct:yaml-read", null, TarnConstants.KEY, key, String.class))
                    .isEqualTo("from yaml");

            for (var operation : List.of("contains", "touch", "fetch")) {
                var out = template.request("direct:yaml-op", e -> {
                    e.getIn().setHeaders(Map.of(TarnConstants.OPERATION, operation, TarnConstants.KEY, key));
                });
                assertThat(out.getMessage().getHeader(TarnConstants.FOUND)).as(operation).isEqualTo(true);
            }
            assertThat(template.requestBodyAndHeader("direct:yaml-op", null, TarnConstants.OPERATION, "list", List.class))
                    .containsExactly(key);
            assertThat(template.requestBody("direct:yaml-claim", "claimed", String.class)).isEqualTo("claimed");
            var deleted = template.request("direct:yaml-op", e -> {
                e.getIn().setHeaders(Map.of(TarnConstants.OPERATION, "delete", TarnConstants.KEY, key));
            });
            assertThat(deleted.getMessage().getHeader(TarnConstants.FOUND)).isEqualTo(true);
            assertThat(root.resolve("lake").resolve(key.substring(0, 2)).resolve(key.substring(2))).doesNotExist();
        }
    }
}
