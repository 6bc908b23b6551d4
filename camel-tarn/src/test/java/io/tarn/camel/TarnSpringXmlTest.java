package io.tarn.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.ClassPathXmlApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes and a location tree declared in Spring XML. */
class TarnSpringXmlTest {
    @TempDir
    Path root;

    @Test
    void springXmlRoutesUseALocationTreeOfBeans() throws Exception {
        // camel-spring-xml of the build's Camel: a profile of the version matrix that cannot have it says why
        String why = System.getProperty("tarn.springXml.unavailable");
        Assumptions.assumeTrue(why == null, why);
        System.setProperty("tarn.test.root", root.toString());
        try (var spring = new ClassPathXmlApplicationContext("io/tarn/camel/tarn-spring.xml")) {
            CamelContext context = spring.getBean("tarn-xml", CamelContext.class);
            ProducerTemplate template = context.createProducerTemplate();

            String key = template.request("direct:xml-write", e -> e.getIn().setBody("from xml"))
                    .getMessage().getHeader(TarnConstants.KEY, String.class);
            assertThat(root.resolve("upper").resolve(key.substring(0, 2)).resolve(key.substring(2))).hasContent("from xml");
            assertThat(template.requestBodyAndHeader("direct:xml-read", null, TarnConstants.KEY, key, String.class))
                    .isEqualTo("from xml");
            assertThat(template.requestBody("direct:xml-list", null, List.class)).containsExactly(key);
            var contains = template.request("direct:xml-op",
                    e -> e.getIn().setHeaders(Map.of(TarnConstants.OPERATION, "contains", TarnConstants.KEY, key)));
            assertThat(contains.getMessage().getHeader(TarnConstants.FOUND)).isEqualTo(true);
        } finally {
            System.clearProperty("tarn.test.root");
        }
    }
}
