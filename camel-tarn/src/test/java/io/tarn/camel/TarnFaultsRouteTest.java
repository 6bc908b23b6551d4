package io.tarn.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.Value;
import io.tarn.location.disk.DiskLocation;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** What a route sees of a tree with a faulty member: fetch's keys that were not copied, verify's foreign entries. */
class TarnFaultsRouteTest extends TarnTestSupport {

    private DiskLocation top;
    private DiskLocation bottom;

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        top = DiskLocation.open(tmp.resolve("top"));
        bottom = DiskLocation.open(tmp.resolve("bottom"));
        registry.bind("top", top);
        registry.bind("bottom", bottom);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:fetch").to("tarn:tiers?location=RAW(levels(#top, #bottom))&operation=fetch");
                from("direct:read").to("tarn:tiers?location=RAW(levels(#top, #bottom))&operation=read");
                from("direct:verify").to("tarn:tiers?location=RAW(levels(#top, #bottom))&operation=verify"
                                         + "&removeForeign=true");
                from("direct:spool").to("tarn:lake?root=" + lakeRoot() + "&spoolFolder=" + tmp.resolve("not-a-folder/spool"));
            }
        };
    }

    @Test
    void aCopyUpThatFailsLeavesTheReadAndFetchSaysWhichKeys() throws Exception {
        byte[] bytes = "in the bottom only".getBytes(StandardCharsets.UTF_8);
        Key key = Key.parse(sha256(bytes), io.tarn.HashAlgorithm.SHA256);
        bottom.write(key, Value.of(bytes), java.util.Set.of()).orElseThrow().close();
        // a folder in the way of the copy into the top level
        Files.createDirectories(top.pathOf(key).resolve("junk"));

        Exchange read = template.request("direct:read", e -> e.getIn().setHeader(TarnConstants.KEY, key.hex()));
        assertThat(read.getException()).isNull();
        assertThat(read.getMessage().getBody(byte[].class)).isEqualTo(bytes);

        Exchange fetched = template.request("direct:fetch", e -> e.getIn().setHeader(TarnConstants.KEY, key.hex()));
        assertThat(fetched.getException()).isNull();
        assertThat(fetched.getMessage().getHeader(TarnConstants.FOUND, Boolean.class)).isTrue();
        assertThat(fetched.getMessage().getHeader(TarnConstants.NOT_COPIED_KEYS, List.class)).containsExactly(key.hex());
        assertThat(fetched.getMessage().getHeader(TarnConstants.MISSING_KEYS, List.class)).isEmpty();

        Exchange verified = template.request("direct:verify", e -> { });
        assertThat(verified.getMessage().getHeader(TarnConstants.FOREIGN_ENTRIES, List.class))
                .containsExactly(top.pathOf(key) + " (a folder), removed");
        assertThat(top.pathOf(key)).doesNotExist();

        fetched = template.request("direct:fetch", e -> e.getIn().setHeader(TarnConstants.KEY, key.hex()));
        assertThat(fetched.getMessage().getHeader(TarnConstants.NOT_COPIED_KEYS, List.class)).isEmpty();
        assertThat(top.contains(key)).isTrue();
    }

    @Test
    void theSpoolFolderOptionIsWhereLargeValuesAreStaged() throws Exception {
        Files.writeString(tmp.resolve("not-a-folder"), "a file where the spool folder's parent should be");
        byte[] large = new byte[1 << 20];
        new Random(5).nextBytes(large);
        assertThatThrownBy(() -> template.sendBody("direct:spool", new ByteArrayInputStream(large)))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(LocationException.class)
                .hasMessageContaining("Could not write the value to its spool folder (" + tmp.resolve("not-a-folder/spool"));
        // small values stay in memory: the spool folder is not needed
        assertThat(keyOf("direct:spool", "small")).isEqualTo(sha256("small".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.list(lakeRoot().resolve(".tmp")).toList()).isEmpty();
        assertThat(Path.of(tmp.resolve("not-a-folder").toString())).isRegularFile();
    }
}
