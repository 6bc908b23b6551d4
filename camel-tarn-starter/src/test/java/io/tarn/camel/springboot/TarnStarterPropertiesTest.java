package io.tarn.camel.springboot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConfiguration;
import io.tarn.camel.TarnConstants;
import io.tarn.camel.TarnOperation;
import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.tarn.camel.springboot.TarnStarterApp.valueFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** camel.component.tarn.* in application properties configures the component, with no bean of the application's own. */
class TarnStarterPropertiesTest {

    @TempDir
    Path dir;

    private static String write(ConfigurableApplicationContext app, String uri, String body) {
        ProducerTemplate template = app.getBean(CamelContext.class).createProducerTemplate();
        return template.request(uri, e -> e.getIn().setBody(body)).getMessage().getHeader(TarnConstants.KEY, String.class);
    }

    @Test
    void lakesAndBaseDirectoryFromPropertiesAreWhereValuesLand() throws Exception {
        Path workingDirectory = Path.of("").toAbsolutePath();
        try (ConfigurableApplicationContext app = TarnStarterApp.run(
                "camel.component.tarn.lakes.archive=levels(level(" + dir.resolve("ssd") + ", write=false), " + dir.resolve("nfs") + ")",
                "camel.component.tarn.base-directory=" + dir.resolve("base"))) {
            String archived = write(app, "tarn:archive", "scan 1");
            String scratch = write(app, "tarn:scratch", "scratch 1");

            assertThat(valueFile(dir.resolve("nfs"), archived)).hasContent("scan 1");
            assertThat(valueFile(dir.resolve("ssd"), archived)).doesNotExist();
            assertThat(valueFile(dir.resolve("base/scratch"), scratch)).hasContent("scratch 1");
            // a read copies the value up into the ssd level: the whole tree of the spec is in use
            ProducerTemplate template = app.getBean(CamelContext.class).createProducerTemplate();
            assertThat(template.requestBodyAndHeader("tarn:archive?operation=read", null, TarnConstants.KEY, archived,
                    String.class)).isEqualTo("scan 1");
            assertThat(valueFile(dir.resolve("ssd"), archived)).hasContent("scan 1");
        }
        assertThat(workingDirectory.resolve("tarn")).doesNotExist();
    }

    @Test
    void withoutBaseDirectoryAnUnnamedLakeFailsNamingTheProperties() throws Exception {
        Path workingDirectory = Path.of("").toAbsolutePath();
        try (ConfigurableApplicationContext app = TarnStarterApp.run(
                "camel.component.tarn.lakes.archive=" + dir.resolve("archive"))) {
            String archived = write(app, "tarn:archive", "scan 1");
            assertThat(valueFile(dir.resolve("archive"), archived)).hasContent("scan 1");

            ProducerTemplate template = app.getBean(CamelContext.class).createProducerTemplate();
            assertThatThrownBy(() -> template.sendBody("tarn:scratch", "scratch 1"))
                    .rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tarn://scratch keeps its disk lake under the component's baseDirectory, and"
                                          + " none is set: set it (camel.component.tarn.base-directory=FOLDER), or name"
                                          + " the lake (camel.component.tarn.lakes.scratch=SPEC");
        }
        assertThat(workingDirectory.resolve("tarn")).doesNotExist();
    }

    @Configuration(proxyBeanMethods = false)
    static class HotBean {
        @Bean
        Location hot(@Value("${test.hot}") String folder) {
            return DiskLocation.open(Path.of(folder));
        }
    }

    @Test
    void aLocationBeanIsALeafOfASpecByName() throws Exception {
        try (ConfigurableApplicationContext app = TarnStarterApp.run(List.of(HotBean.class),
                "test.hot=" + dir.resolve("hot"),
                "camel.component.tarn.lakes.images=levels(#hot, " + dir.resolve("nfs") + ")")) {
            String key = write(app, "tarn:images", "pixels");
            assertThat(valueFile(dir.resolve("hot"), key)).hasContent("pixels");
            assertThat(Files.exists(dir.resolve("nfs/config.yml"))).isTrue();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EndpointDefaults {
        @Bean
        TarnConfiguration lenient() {
            TarnConfiguration configuration = new TarnConfiguration();
            configuration.setIgnoreMissing(true);
            return configuration;
        }
    }

    @Test
    void aConfigurationBeanGivesEveryEndpointItsDefaults() throws Exception {
        try (ConfigurableApplicationContext app = TarnStarterApp.run(List.of(EndpointDefaults.class),
                "camel.component.tarn.configuration=#lenient",
                "camel.component.tarn.operation=read",
                "camel.component.tarn.base-directory=" + dir)) {
            ProducerTemplate template = app.getBean(CamelContext.class).createProducerTemplate();
            // a lake to read: only a write creates one
            template.sendBody("tarn:lake?operation=write", "a value");
            // read (from the property) of a missing key, ignored (from the bean), not overwritten by the defaults
            Exchange read = template.request("tarn:lake", e -> e.getIn().setHeader(TarnConstants.KEY, "0".repeat(64)));
            assertThat(read.getException()).isNull();
            assertThat(read.getMessage().getHeader(TarnConstants.FOUND, Boolean.class)).isFalse();
            // the bean itself is left as it was
            assertThat(app.getBean("lenient", TarnConfiguration.class).getOperation()).isEqualTo(TarnOperation.write);
        }
    }

    @Test
    void enabledFalseLeavesTheComponentAsItIs() throws Exception {
        try (ConfigurableApplicationContext app = TarnStarterApp.run(
                "camel.component.tarn.enabled=false",
                "camel.component.tarn.base-directory=" + dir.resolve("base"))) {
            TarnComponent tarn = app.getBean(CamelContext.class).getComponent("tarn", TarnComponent.class);
            assertThat(tarn.getBaseDirectory()).isEqualTo("tarn");
        }
    }
}
