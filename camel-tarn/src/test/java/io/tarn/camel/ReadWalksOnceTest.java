package io.tarn.camel;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
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

/** A read sets the body and the labels header from one walk of the tree: one read call per level walked, nothing after. */
class ReadWalksOnceTest {
    @TempDir
    Path tmp;

    private CountingLocation disk(String name) {
        return new CountingLocation(DiskLocation.open(tmp.resolve(name), DiskConfig.defaults().withTools()));
    }

    /** Writes a labelled value through {@code tarn:lake}, then reads it back; the exchange of the read. */
    private Exchange writeThenRead(Location tree, Runnable betweenThem) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("tree", tree);
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            Exchange written = template.request("tarn:lake?location=#tree", e -> {
                e.getMessage().setBody("labelled bytes");
                e.getMessage().setHeader(TarnConstants.LABELS, "raw,scanner-7");
            });
            betweenThem.run();
            return template.request("tarn:lake?location=#tree&operation=read", e -> e.getMessage()
                    .setHeader(TarnConstants.KEY, written.getMessage().getHeader(TarnConstants.KEY)));
        }
    }

    @Test
    void aReadOfADiskLakeIsOneCall() throws Exception {
        CountingLocation disk = disk("lake");
        Exchange read = writeThenRead(disk, disk::reset);
        assertThat(read.getMessage().getBody(String.class)).isEqualTo("labelled bytes");
        assertThat(read.getMessage().getHeader(TarnConstants.LABELS, Set.class)).isEqualTo(Set.of("raw", "scanner-7"));
        assertThat(disk.counts()).isEqualTo(Map.of("read", 1));
    }

    @Test
    void aReadThroughLevelsIsOneCallPerLevelWalked() throws Exception {
        CountingLocation upper = disk("upper");
        CountingLocation lower = disk("lower");
        Exchange read = writeThenRead(Levels.of(upper, lower), () -> {
            upper.reset();
            lower.reset();
        });
        assertThat(read.getMessage().getHeader(TarnConstants.LABELS, Set.class)).isEqualTo(Set.of("raw", "scanner-7"));
        assertThat(upper.counts()).as("served by the first level").isEqualTo(Map.of("read", 1));
        assertThat(lower.counts()).as("not walked").isEmpty();
    }
}
