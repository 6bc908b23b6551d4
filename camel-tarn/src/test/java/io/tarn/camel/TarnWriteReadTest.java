package io.tarn.camel;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TarnWriteReadTest extends TarnTestSupport {

    @Test
    void writeOfEveryBodyTypeSetsTheSha256AsKey() throws Exception {
        byte[] bytes = "hello world\n".getBytes(StandardCharsets.UTF_8);
        String expected = sha256(bytes);
        Path file = Files.write(tmp.resolve("in.txt"), bytes);

        for (Object body : new Object[] {
                bytes, "hello world\n", new ByteArrayInputStream(bytes), file, file.toFile() }) {
            Exchange out = template.request("direct:write", e -> e.getIn().setBody(body));
            assertThat(out.getException()).isNull();
            assertThat(out.getMessage().getHeader(TarnConstants.KEY)).as("key of a %s", body.getClass()).isEqualTo(expected);
        }
        assertThat(expected).isEqualTo("a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447");
        assertThat(lakeRoot().resolve("a9/48904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447")).hasBinaryContent(bytes);
        assertThat(storedFiles()).isEqualTo(1);
    }

    @Test
    void writeLeavesTheBodyReadable() throws Exception {
        byte[] bytes = new byte[200_000];
        new Random(1).nextBytes(bytes);
        Exchange out = template.request("direct:write", e -> e.getIn().setBody(new ByteArrayInputStream(bytes)));
        assertThat(out.getMessage().getBody(byte[].class)).isEqualTo(bytes);

        Exchange again = template.request("direct:write", e -> e.getIn().setBody(bytes));
        assertThat(again.getMessage().getBody()).isSameAs(bytes);
    }

    @Test
    void readGivesTheStoredFileForAKeyInTheHeaderOrTheBody() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(2).nextBytes(bytes);
        String key = keyOf("direct:write", bytes);

        Exchange byHeader = template.request("direct:read", e -> e.getIn().setHeader(TarnConstants.KEY, key));
        assertThat(byHeader.getMessage().getBody()).isInstanceOf(File.class);
        assertThat(byHeader.getMessage().getBody(byte[].class)).isEqualTo(bytes);
        assertThat(byHeader.getMessage().getHeader(TarnConstants.FOUND)).isEqualTo(true);

        Exchange byBody = template.request("direct:read", e -> e.getIn().setBody(key));
        try (InputStream in = byBody.getMessage().getBody(InputStream.class)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void operationHeaderOverridesTheEndpointOption() throws Exception {
        String key = keyOf("direct:any", "abc");
        Exchange read = template.request("direct:any", e -> {
            e.getIn().setHeader(TarnConstants.OPERATION, "READ");
            e.getIn().setHeader(TarnConstants.KEY, key);
        });
        assertThat(read.getMessage().getBody(String.class)).isEqualTo("abc");
        Exchange contains = template.request("direct:any", e -> {
            e.getIn().setHeader(TarnConstants.OPERATION, TarnOperation.contains);
            e.getIn().setHeader(TarnConstants.KEY, key);
        });
        assertThat(contains.getMessage().getHeader(TarnConstants.FOUND)).isEqualTo(true);
    }

    @Test
    void claimCheckPassesTheKeyAndReadsTheValueBack() throws Exception {
        String key = template.requestBody("direct:claim", "a large payload", String.class);
        assertThat(key).isEqualTo(sha256("a large payload".getBytes(StandardCharsets.UTF_8)));
        assertThat(template.requestBody("direct:unclaim", key, String.class)).isEqualTo("a large payload");
    }

    @Test
    void readOfAMissingKeyFailsOrReportsNotFound() throws Exception {
        String missing = sha256("never written".getBytes(StandardCharsets.UTF_8));
        // a lake that holds something else: only a write creates one
        template.sendBody("direct:write", "something else");
        Exchange failed = template.request("direct:read", e -> e.getIn().setHeader(TarnConstants.KEY, missing));
        assertThat(failed.getException()).isInstanceOf(io.tarn.KeyNotFoundException.class).hasMessageContaining(missing);

        Exchange ignored = template.request("direct:readOrNothing", e -> e.getIn().setHeader(TarnConstants.KEY, missing));
        assertThat(ignored.getException()).isNull();
        assertThat(ignored.getMessage().getHeader(TarnConstants.FOUND)).isEqualTo(false);
        assertThat(ignored.getMessage().getBody()).isNull();
    }

    @Test
    void labelsTravelInTheLabelsHeader() throws Exception {
        // a lake that keeps labels, as its config.yml says
        Path root = tmp.resolve("labelled");
        Files.createDirectories(root);
        Files.writeString(root.resolve("config.yml"), "labels: JsonLabels\nlevels:\n- 1\n- -1\n");
        String uri = "tarn:labelled?root=" + root;
        String key = template.request(uri, e -> {
            e.getIn().setBody("x");
            e.getIn().setHeader(TarnConstants.LABELS, "raw, scanner-7");
        }).getMessage().getHeader(TarnConstants.KEY, String.class);
        assertThat(root.resolve("tools/labels/" + key.substring(0, 2) + "/" + key.substring(2) + ".json"))
                .hasContent("[\"raw\", \"scanner-7\"]");
        template.requestBodyAndHeaders(uri, "x", Map.of(TarnConstants.LABELS, java.util.List.of("more")));

        Exchange read = template.request(uri + "&operation=read", e -> e.getIn().setHeader(TarnConstants.KEY, key));
        assertThat(read.getMessage().getHeader(TarnConstants.LABELS, java.util.Set.class))
                .containsExactlyInAnyOrder("raw", "scanner-7", "more");
    }
}
