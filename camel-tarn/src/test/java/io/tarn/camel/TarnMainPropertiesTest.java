package io.tarn.camel;

import java.nio.file.Path;

import io.tarn.location.disk.DiskLocation;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Lakes declared the Camel Main way: component properties and beans, as application.properties gives them. */
class TarnMainPropertiesTest {
    @TempDir
    Path tmp;

    @Test
    void lakesAndBeansComeFromProperties() throws Exception {
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:images").to("tarn:images");
                from("direct:default").to("tarn:scratch");
            }
        });
        main.addInitialProperty("camel.component.tarn.base-directory", tmp.resolve("base").toString());
        // a tree declared in properties, with a bean leaf also declared in properties
        main.addInitialProperty("camel.beans.hot", "#class:" + DiskLocation.class.getName()
                                                   + "#at(" + tmp.resolve("hot") + ")");
        main.addInitialProperty("camel.component.tarn.lakes.images", "levels(#hot, " + tmp.resolve("cold") + ")");
        String[] keys = new String[2];
        main.start();
        try {
            ProducerTemplate template = main.getCamelContext().createProducerTemplate();
            keys[0] = template.request("direct:images", e -> e.getIn().setBody("pixels"))
                    .getMessage().getHeader(TarnConstants.KEY, String.class);
            keys[1] = template.request("direct:default", e -> e.getIn().setBody("scratch"))
                    .getMessage().getHeader(TarnConstants.KEY, String.class);
        } finally {
            main.stop();
        }

        assertThat(tmp.resolve("hot").resolve(keys[0].substring(0, 2)).resolve(keys[0].substring(2))).hasContent("pixels");
        assertThat(tmp.resolve("cold").resolve(keys[0].substring(0, 2))).doesNotExist();
        assertThat(tmp.resolve("base/scratch").resolve(keys[1].substring(0, 2)).resolve(keys[1].substring(2))).hasContent("scratch");
    }
}
