package io.tarn.camel;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import io.tarn.LocationSpecException;
import io.tarn.location.combine.Levels;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/** The location option: a spec in the URI, a spec with #bean leaves, a Location bean. */
class TarnLocationSpecTest extends TarnTestSupport {

    @Test
    void aSpecInTheUriBuildsTheTree() throws Exception {
        Path upper = tmp.resolve("upper");
        Path lower = tmp.resolve("lower");
        String uri = "tarn:tiers?location=RAW(levels(" + upper + ", " + lower + "))";
        String key = keyOf(uri, "tiered");
        assertThat(upper.resolve(key.substring(0, 2)).resolve(key.substring(2))).hasContent("tiered");
        assertThat(lower.resolve(key.substring(0, 2))).doesNotExist();

        // a value only in the lower level is copied up when read
        String below = DiskLocation.open(lower).toString();
        assertThat(below).startsWith("disk:");
        String lowerKey = io.tarn.lake.Lake.open(lower).write("only below".getBytes()).hex();
        Exchange read = template.request(uri + "&operation=read", e -> e.getIn().setHeader(TarnConstants.KEY, lowerKey));
        assertThat(read.getMessage().getBody(String.class)).isEqualTo("only below");
        assertThat(upper.resolve(lowerKey.substring(0, 2)).resolve(lowerKey.substring(2))).hasContent("only below");
    }

    @Test
    void beansAreLeavesOfASpecAndLocationsOnTheirOwn() throws Exception {
        context.getRegistry().bind("hot", DiskLocation.open(tmp.resolve("hot")));
        context.getRegistry().bind("tree", Levels.of(DiskLocation.open(tmp.resolve("a")), DiskLocation.open(tmp.resolve("b"))));

        String key = keyOf("tarn:mixed?location=RAW(levels(#hot, " + tmp.resolve("cold") + "))", "x");
        assertThat(tmp.resolve("hot").resolve(key.substring(0, 2))).isDirectory();

        key = keyOf("tarn:bean?location=#tree", "y");
        assertThat(Files.exists(tmp.resolve("a").resolve(key.substring(0, 2)).resolve(key.substring(2)))).isTrue();
    }

    @Test
    void aBadSpecNamesThePosition() {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> template.requestBody("tarn:bad?location=RAW(levels(/a,, /b))", "x"));
        assertThat(causeOf(thrown, LocationSpecException.class)).hasMessageContaining("position 11");
        Throwable missing = org.assertj.core.api.Assertions.catchThrowable(
                () -> template.requestBody("tarn:nobean?location=RAW(levels(#nothere, /b))", "x"));
        assertThat(causeOf(missing, LocationSpecException.class)).hasMessageContaining("nothere");
    }

    @Test
    void aSpecWithABadRemoteLeafCreatesNothing() {
        // the remote leaves are read by their backends' factories before any leaf is made: the folder stays unmade
        Path first = tmp.resolve("first");
        for (String bad : new String[] {"s3:bucket?colour=red", "redis:localhost?ttl=soon", "sftp:host/lake",
                                        "caffeine:hot", "scp:me@host?maxValueSize=lots"}) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> context.getComponent("tarn",
                    TarnComponent.class).parseSpec("levels(" + first + ", '" + bad + "')"));
            assertThat(thrown).as(bad).isInstanceOf(LocationSpecException.class);
            assertThat(first).as("after " + bad).doesNotExist();
        }
    }

    @Test
    void everyRemoteLeafTakesRetryAfter() {
        TarnComponent tarn = context.getComponent("tarn", TarnComponent.class);
        for (String leaf : new String[] {"s3:bucket?retryAfter=soon", "redis:localhost?retryAfter=soon",
                                         "sftp:me@host?retryAfter=soon", "scp:me@host?retryAfter=soon",
                                         "http://localhost/lake/?retryAfter=soon"}) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> tarn.parseSpec("'" + leaf + "'"));
            assertThat(thrown).as(leaf).isInstanceOf(LocationSpecException.class)
                    .hasMessageContaining("retryAfter").hasMessageContaining("must be a number");
        }
        assertThat(tarn.parseSpec("http://127.0.0.1:9/lake/?failFast=true&retryAfter=5").toString())
                .contains("127.0.0.1:9/lake/");
    }
}
