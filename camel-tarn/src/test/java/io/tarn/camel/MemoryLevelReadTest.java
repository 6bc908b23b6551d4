package io.tarn.camel;

import java.io.File;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.camel.backend.memory.CaffeineLocation;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/** A read served by a memory level gives a byte[] body of its own; one served by disk alone gives the File. */
class MemoryLevelReadTest {
    @TempDir
    Path tmp;

    @Test
    void aValueHeldInMemoryIsReadAsACopyOfItsBytes() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            DiskLocation disk = DiskLocation.open(tmp.resolve("lake"));
            Location levels = Levels.ofLevels(Level.of(new CaffeineLocation(camel, "hot-read", 1 << 20)).withCache(true),
                    Level.of(disk));
            camel.getRegistry().bind("levels", levels);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:read").to("tarn:levels?location=#levels&operation=read");
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            byte[] bytes = "a small value".getBytes();
            String key = new Lake(disk).write(bytes).hex();

            // the first read finds the value on disk and copies it up into the memory level, which serves it from then on
            Exchange fromDisk = template.request("direct:read", e -> e.getIn().setHeader(TarnConstants.KEY, key));
            assertThat(fromDisk.getMessage().getBody()).isInstanceOf(byte[].class);
            Exchange diskOnly = template.request("tarn:disk?root=" + tmp.resolve("lake") + "&operation=read",
                    e -> e.getIn().setHeader(TarnConstants.KEY, key));
            assertThat(diskOnly.getMessage().getBody()).isInstanceOf(File.class);

            Exchange fromMemory = template.request("direct:read", e -> e.getIn().setHeader(TarnConstants.KEY, key));
            byte[] body = fromMemory.getMessage().getBody(byte[].class);
            assertThat(fromMemory.getMessage().getBody()).isSameAs(body);
            assertThat(body).isEqualTo(bytes);

            // a route that changes its body in place does not change what the memory level holds
            body[0] = 'X';
            Exchange again = template.request("direct:read", e -> e.getIn().setHeader(TarnConstants.KEY, key));
            assertThat(again.getMessage().getBody(byte[].class)).isEqualTo(bytes);
            levels.close();
        }
    }
}
