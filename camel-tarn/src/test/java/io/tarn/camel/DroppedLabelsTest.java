package io.tarn.camel;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Labels on a lake that cannot keep them are never dropped silently: one WARN per lake says so and what to do. */
class DroppedLabelsTest {
    @TempDir
    Path tmp;

    /** What the component logs (slf4j-simple writes to System.err) while the writes run. */
    private String logOf(String... uris) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (CamelContext context = new DefaultCamelContext()) {
            context.getComponent("tarn", TarnComponent.class).setBaseDirectory(tmp.resolve("base").toString());
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (String uri : uris) {
                template.sendBodyAndHeader(uri, "x " + uri, TarnConstants.LABELS, "raw,scanner-7");
                template.sendBodyAndHeader(uri, "y " + uri, TarnConstants.LABELS, "raw");
            }
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultLakeWarnsOnceThatItDropsLabels() throws Exception {
        String log = logOf("tarn:plain", "tarn:plain", "tarn:other");
        assertThat(log.lines().filter(l -> l.contains("keeps no labels")))
                .as("one WARN per lake, naming it, the labels and what to do").hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("WARN", tmp.resolve("base/plain").toString(), "[raw, scanner-7]",
                                                        "labels: JsonLabels"))
                .anySatisfy(l -> assertThat(l).contains(tmp.resolve("base/other").toString()));
    }

    @Test
    void aLakeThatKeepsLabelsSaysNothing() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("labelled"));
        Files.writeString(root.resolve("config.yml"), "labels: JsonLabels\nlevels:\n- 1\n- -1\n");
        assertThat(logOf("tarn:labelled?root=" + root)).doesNotContain("keeps no labels");
    }
}
