package io.tarn.camel;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.format.DiskConfig;
import io.tarn.location.CountingLocation;
import io.tarn.location.Location;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/** Labels on a lake that cannot keep them are never dropped silently: one WARN per lake says so and what to do. */
class DroppedLabelsTest {
    @TempDir
    Path tmp;

    /** What the component logs (slf4j-simple writes to System.err) while the writes run. */
    private String logOf(String... uris) throws Exception {
        return logOf(Map.of(), uris);
    }

    /** As {@link #logOf(String...)}, with these beans in the registry. */
    private String logOf(Map<String, Location> beans, String... uris) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (CamelContext context = new DefaultCamelContext()) {
            beans.forEach(context.getRegistry()::bind);
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

    private Location disk(String name, boolean labels) {
        return DiskLocation.open(tmp.resolve(name), labels ? DiskConfig.defaults().withTools() : DiskConfig.defaults());
    }

    /** Asked of the tree's configuration: nothing is read back after a labelled write, whatever the leaves are. */
    @Test
    void aLakeThatKeepsLabelsIsNeverReadBack() throws Exception {
        CountingLocation disk = new CountingLocation(disk("counted", true));
        CountingLocation upper = new CountingLocation(disk("upper", true));
        CountingLocation lower = new CountingLocation(disk("lower", true));
        String log = logOf(Map.of("disk", disk, "levels", Levels.of(upper, lower)), "tarn:a?location=#disk",
                "tarn:b?location=#levels");
        assertThat(log).doesNotContain("keeps no labels");
        assertThat(disk.counts()).as("two writes, nothing read").isEqualTo(Map.of("write", 2));
        assertThat(upper.counts()).as("two writes, nothing read").isEqualTo(Map.of("write", 2));
        assertThat(lower.counts()).isEmpty();
    }

    @Test
    void levelsWhoseWriteLevelKeepsNoLabelsWarnEvenIfALowerOneKeepsThem() throws Exception {
        String log = logOf(Map.of("tree", Levels.of(disk("plain", false), disk("kept", true))), "tarn:tree?location=#tree");
        assertThat(log.lines().filter(l -> l.contains("keeps no labels"))).hasSize(1);
    }

    /** A tree whose writes may rest where labels are dropped is read back, and warns only once some are. */
    @Test
    void levelsThatMayDropLabelsWarnOnlyWhenTheyDo() throws Exception {
        CountingLocation kept = new CountingLocation(disk("kept", true));
        Levels tree = Levels.of(kept, disk("plain", false));
        assertThat(logOf(Map.of("tree", tree), "tarn:tree?location=#tree")).doesNotContain("keeps no labels");
        assertThat(kept.calls("labels")).as("each labelled write read back").isEqualTo(2);
    }

    @Test
    void aLakeThatKeepsLabelsSaysNothing() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("labelled"));
        Files.writeString(root.resolve("config.yml"), "labels: JsonLabels\nlevels:\n- 1\n- -1\n");
        assertThat(logOf("tarn:labelled?root=" + root)).doesNotContain("keeps no labels");
    }
}
