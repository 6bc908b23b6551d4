package io.tarn.camel;

import java.nio.file.Path;

import io.tarn.location.Location;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every location prints itself as a spec that parses back to the same tree (guide.md says so): printing the tree
 * parsed from a location's printed form gives that form again, and its options survive. Leaf kinds that build without a
 * server: disk, caffeine, http; each inside every combinator.
 */
class SpecPrintsBackTest {
    @TempDir
    Path tmp;

    @Test
    void everyLocationsPrintedFormParsesBackToTheSameTree() throws Exception {
        String disk = tmp.resolve("disk").toString();
        String[] leaves = {disk, "caffeine:hot?maxBytes=256MiB", "caffeine:warm?maxBytes=1MiB&maxValueBytes=512KiB",
                           "http://127.0.0.1:9/lake/"};
        for (String leaf : leaves) {
            // a volatile or read-only leaf only as a cache above a disk: the spec must be one a lake takes
            for (String spec : new String[] {
                "levels(level(small(" + leaf + ", 64KiB), write=false), " + disk + ")",
                "levels(level(readonly(" + leaf + "), write=false), fanout(" + disk + ", " + disk + "2))",
                "levels(level(" + leaf + ", write=false, capacity=10MiB, lowWatermark=0.5), " + disk + ")"}) {
                String printed = printed(spec);
                // in a context of its own: a caffeine cache name is taken once per context
                assertThat(printed(printed)).as(spec).isEqualTo(printed);
                if (leaf.startsWith("caffeine:")) {
                    assertThat(printed).as(spec).contains(leaf.substring(leaf.indexOf('?')));
                }
            }
        }
    }

    private static String printed(String spec) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            TarnComponent tarn = new TarnComponent();
            camel.addComponent("tarn", tarn);
            camel.start();
            Location tree = tarn.parseSpec(spec);
            try {
                return tree.toString();
            } finally {
                tree.close();
            }
        }
    }
}
