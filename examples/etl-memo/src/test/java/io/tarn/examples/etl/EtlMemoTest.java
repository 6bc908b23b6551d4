package io.tarn.examples.etl;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EtlMemoTest {
    @TempDir
    Path work;

    @Test
    void onlyTheChangedStepAndWhatItsOutputFeedsRunAgain() throws Exception {
        System.setProperty("etl.work.millis", "50");
        List<Pipeline.Run> runs;
        try {
            runs = EtlMemo.scenario(Path.of("samples"), work);
        } finally {
            System.clearProperty("etl.work.millis");
        }
        Map<String, Boolean> all = Map.of("parse", true, "normalise", true, "aggregate", true);
        Map<String, Boolean> none = Map.of("parse", false, "normalise", false, "aggregate", false);

        assertThat(runs.get(0).ran()).containsEntry("sales-eu.csv", all).containsEntry("sales-us.csv", all);
        assertThat(runs.get(1).ran()).containsEntry("sales-eu.csv", none).containsEntry("sales-us.csv", none);
        assertThat(runs.get(1).outputs()).isEqualTo(runs.get(0).outputs());
        // normalise changed: it runs for both files; only the EU file's normalised data changed (it has hyphens)
        assertThat(runs.get(2).ran())
                .containsEntry("sales-eu.csv", Map.of("parse", false, "normalise", true, "aggregate", true))
                .containsEntry("sales-us.csv", Map.of("parse", false, "normalise", true, "aggregate", false));
        assertThat(runs.get(2).outputs().get("sales-eu.csv")).contains("usb c cable\t2\t25.00");
        assertThat(runs.get(0).outputs().get("sales-eu.csv")).contains("usb-c cable\t2\t25.00");
        // run 2 is faster because it skips every step's expensive part: counted, not timed (a busy machine can stall
        // any run)
        assertThat(runs.get(0).work()).as("run 1: three steps for two files").isEqualTo(6);
        assertThat(runs.get(1).work()).as("run 2 skips all the work").isZero();
        assertThat(runs.get(2).work()).as("run 3: normalise twice, aggregate once").isEqualTo(3);
    }
}
