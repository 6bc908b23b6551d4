package io.tarn.camel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import io.tarn.KeyNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;

class TarnOperationsTest extends TarnTestSupport {

    private String write(String text) {
        return keyOf("direct:write", text);
    }

    private Object found(String route, Object key) {
        return template.request(route, e -> e.getIn().setHeader(TarnConstants.KEY, key)).getMessage().getHeader(TarnConstants.FOUND);
    }

    @Test
    void verifyReportsAndRemovesCorruptValuesAndVerifiedReadsRefuseThem() throws Exception {
        String good = write("good");
        String bad = write("bad");
        java.nio.file.Path file = io.tarn.location.disk.DiskLocation.open(lakeRoot()).pathOf(io.tarn.TestData.sha256Key(
                "bad".getBytes(StandardCharsets.UTF_8)));
        io.tarn.TestData.flipByte(file, 0);
        Exchange refused = template.request(lakeUri("operation=read&verifiedReads=true"),
                e -> e.getIn().setHeader(TarnConstants.KEY, bad));
        assertThat(refused.getException()).isInstanceOf(io.tarn.CorruptionException.class).hasMessageContaining(bad);
        write("bad");

        io.tarn.TestData.flipByte(file, 1);
        var report = template.request("direct:verify", e -> { }).getMessage();
        assertThat(report.getHeader(TarnConstants.VERIFIED_COUNT)).isEqualTo(2L);
        assertThat(report.getHeader(TarnConstants.CORRUPT_KEYS)).isEqualTo(List.of(bad));
        assertThat(report.getHeader(TarnConstants.REMOVED_TEMPORARY_FILES)).isEqualTo(0L);
        assertThat(found("direct:contains", bad)).isEqualTo(false);
        assertThat(found("direct:contains", good)).isEqualTo(true);
    }

    @Test
    void containsDeleteAndTouchReportWhetherTheKeyWasThere() throws Exception {
        String key = write("value");
        String other = sha256("other".getBytes(StandardCharsets.UTF_8));

        assertThat(found("direct:contains", key)).isEqualTo(true);
        assertThat(found("direct:contains", other)).isEqualTo(false);
        assertThat(found("direct:touch", key)).isEqualTo(true);
        assertThat(found("direct:touch", other)).isEqualTo(false);
        assertThat(found("direct:delete", key)).isEqualTo(true);
        assertThat(found("direct:delete", key)).isEqualTo(false);
        assertThat(found("direct:contains", key)).isEqualTo(false);
        assertThat(storedFiles()).isZero();
    }

    @Test
    void listGivesEveryKeyAndSplitsIntoOneExchangeEach() throws Exception {
        String a = write("a");
        String b = write("b");
        String c = write("c");
        List<Object> keys = template.requestBody("direct:list", null, List.class);
        assertThat(keys).containsExactlyInAnyOrder(a, b, c);

        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:listAndRead").to(lakeUri("operation=list")).split(body())
                        .setHeader(TarnConstants.KEY, body()).to(lakeUri("operation=read"))
                        .convertBodyTo(String.class).to("mock:values");
            }
        });
        var mock = getMockEndpoint("mock:values");
        mock.expectedBodiesReceivedInAnyOrder("a", "b", "c");
        template.sendBody("direct:listAndRead", null);
        mock.assertIsSatisfied();
    }

    @Test
    void listPagesThroughTheKeysInAscendingOrderWithListFromAndListLimit() throws Exception {
        List<String> written = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            written.add(write("value " + i));
        }
        List<String> pages = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        String from = "";
        while (true) {
            List<?> page = template.requestBody(lakeUri("operation=list&listLimit=4&listFrom=" + from), null, List.class);
            sizes.add(page.size());
            if (page.isEmpty()) {
                break;
            }
            page.forEach(key -> pages.add((String) key));
            from = pages.get(pages.size() - 1);
        }
        assertThat(sizes).containsExactly(4, 4, 2, 0);
        assertThat(pages).isEqualTo(written.stream().sorted().toList());

        Exchange bad = template.request(lakeUri("operation=list&listFrom=not-a-key"), e -> { });
        assertThat(bad.getException()).isInstanceOf(io.tarn.InvalidKeyException.class).hasMessageContaining("not-a-key");
    }

    @Test
    void aTreeOfDiskLakesListsEachKeyOnceInOrder() throws Exception {
        java.nio.file.Path upper = lakeRoot().resolveSibling("upper");
        io.tarn.lake.Lake top = io.tarn.lake.Lake.open(upper);
        String shared = top.write("shared".getBytes(StandardCharsets.UTF_8)).hex();
        String onlyUpper = top.write("upper".getBytes(StandardCharsets.UTF_8)).hex();
        String onlyLower = write("lower");
        assertThat(write("shared")).isEqualTo(shared);
        Exchange listed = template.request("tarn:tree?operation=list&location=RAW(levels(" + upper + ", " + lakeRoot()
                                           + "))", e -> { });
        assertThat(listed.getMessage().getHeader(TarnConstants.KEY_COUNT)).as("streamed: not counted").isNull();
        assertThat(listed.getMessage().getBody(List.class))
                .isEqualTo(java.util.stream.Stream.of(shared, onlyUpper, onlyLower).sorted().toList());
    }

    @Test
    void fetchTakesOneKeyOrACollection() throws Exception {
        String a = write("a");
        String b = write("b");
        String missing = sha256("missing".getBytes(StandardCharsets.UTF_8));

        assertThat(found("direct:fetch", a)).isEqualTo(true);
        Exchange many = template.request("direct:fetch", e -> e.getIn().setBody(List.of(a, b)));
        assertThat(many.getMessage().getHeader(TarnConstants.FOUND)).isEqualTo(true);

        Exchange failed = template.request("direct:fetch", e -> e.getIn().setBody(List.of(a, missing)));
        assertThat(failed.getException()).isInstanceOf(KeyNotFoundException.class).hasMessageContaining(missing);

        Exchange partial = template.request("direct:fetchOrNothing", e -> e.getIn().setBody(List.of(a, missing)));
        assertThat(partial.getMessage().getHeader(TarnConstants.FOUND)).isEqualTo(false);
        assertThat(partial.getMessage().getHeader(TarnConstants.MISSING_KEYS, List.class)).containsExactly(missing);
    }

    @Test
    void aFileRouteIngestsEveryFileOnce() throws Exception {
        var inbox = Files.createDirectories(tmp.resolve("inbox"));
        Files.writeString(inbox.resolve("one.txt"), "one");
        Files.writeString(inbox.resolve("two.txt"), "two");
        Files.writeString(inbox.resolve("copy-of-one.txt"), "one");

        var mock = getMockEndpoint("mock:ingested");
        mock.expectedMessageCount(3);
        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + inbox + "?noop=true").to(lakeUri("")).to("mock:ingested");
            }
        });
        // the file consumer polls on its own thread: wait for it as long as a busy machine may need, not the mock's 10 s
        MockEndpoint.assertIsSatisfied(context, 60, TimeUnit.SECONDS);
        assertThat(mock.getExchanges()).extracting(e -> e.getMessage().getHeader(TarnConstants.KEY))
                .containsOnly(sha256("one".getBytes()), sha256("two".getBytes()));
        assertThat(storedFiles()).isEqualTo(2);
    }
}
