package io.tarn.camel.springboot;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConfiguration;
import io.tarn.camel.TarnConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import static io.tarn.camel.springboot.TarnStarterApp.valueFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every {@code camel.component.tarn.*} property is an option of the component, or startup fails naming it (as Camel Main
 * fails on {@code Cannot find getter method}); the options whose text only Camel understands (a spec, a duration) bind
 * from that text.
 */
class TarnStarterBindingTest {

    @TempDir
    Path dir;

    private static TarnComponent tarn(ConfigurableApplicationContext app) {
        return app.getBean(CamelContext.class).getComponent("tarn", TarnComponent.class);
    }

    @Test
    void aTypoInAPropertyFailsStartupNamingIt() {
        assertThatThrownBy(() -> TarnStarterApp.run(
                "camel.component.tarn.lake.archive=" + dir.resolve("archive"),
                "camel.component.tarn.base-directory=" + dir.resolve("base")).close())
                .rootCause()
                .hasMessageContaining("camel.component.tarn.lake.archive")
                .hasMessageContaining("left unbound");
        assertThat(dir.resolve("base")).doesNotExist();
    }

    @Test
    void aTypoUnderAnOptionThatIsNoMapFailsToo() {
        assertThatThrownBy(() -> TarnStarterApp.run(
                "camel.component.tarn.lakes.archive=" + dir.resolve("archive"),
                "camel.component.tarn.verified-reads.always=true").close())
                .rootCause()
                .hasMessageContaining("camel.component.tarn.verified-reads.always");
    }

    @Test
    void aDurationThatMeansNothingFailsStartupNamingOptionAndValue() {
        // the component is configured when first used: startup itself has nothing to bind it to
        assertThatThrownBy(() -> {
            try (ConfigurableApplicationContext app = TarnStarterApp.run(
                    "camel.component.tarn.gc-older-than=ninety",
                    "camel.component.tarn.base-directory=" + dir.resolve("base"))) {
                tarn(app);
            }
        }).rootCause()
                .hasMessageContaining("gcOlderThan")
                .hasMessageContaining("'ninety'")
                .hasMessageContaining("90d, 12h, 1h30m");
    }

    @Test
    void lakeNamesAreMapKeysOfAnyShape() throws Exception {
        try (ConfigurableApplicationContext app = TarnStarterApp.run(
                "camel.component.tarn.lakes.archive=" + dir.resolve("archive"),
                "camel.component.tarn.lakes[raw.scans]=" + dir.resolve("raw"),
                "camel.component.tarn.enabled=true",
                "camel.component.tarn.customizer.enabled=true")) {
            ProducerTemplate template = app.getBean(CamelContext.class).createProducerTemplate();
            String archived = template.request("tarn:archive", e -> e.getIn().setBody("scan 1"))
                    .getMessage().getHeader(TarnConstants.KEY, String.class);
            String raw = template.request("tarn:raw.scans", e -> e.getIn().setBody("scan 2"))
                    .getMessage().getHeader(TarnConstants.KEY, String.class);
            assertThat(valueFile(dir.resolve("archive"), archived)).hasContent("scan 1");
            assertThat(valueFile(dir.resolve("raw"), raw)).hasContent("scan 2");
        }
    }

    @Test
    void aSpecAndDurationsBindFromTheirText() throws Exception {
        try (ConfigurableApplicationContext app = TarnStarterApp.run(
                "camel.component.tarn.location=levels(" + dir.resolve("ssd") + ", " + dir.resolve("nfs") + ")",
                "camel.component.tarn.journal-retention=2d",
                "camel.component.tarn.full-scan-period=30m",
                "camel.component.tarn.gc-grace=90000")) {
            String key = app.getBean(CamelContext.class).createProducerTemplate()
                    .request("tarn:anywhere", e -> e.getIn().setBody("scan 1"))
                    .getMessage().getHeader(TarnConstants.KEY, String.class);
            assertThat(valueFile(dir.resolve("ssd"), key)).hasContent("scan 1");

            TarnConfiguration configuration = tarn(app).getConfiguration();
            assertThat(configuration.getJournalRetention()).isEqualTo(TimeUnit.DAYS.toMillis(2));
            assertThat(configuration.getFullScanPeriod()).isEqualTo(TimeUnit.MINUTES.toMillis(30));
            assertThat(configuration.getGcGrace()).isEqualTo(90_000);
        }
    }
}
