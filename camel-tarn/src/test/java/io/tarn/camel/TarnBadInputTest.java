package io.tarn.camel;

import java.nio.file.Files;
import java.nio.file.Path;

import io.tarn.InvalidKeyException;
import io.tarn.LocationSpecException;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class TarnBadInputTest extends TarnTestSupport {

    private Exchange readKey(String key) {
        return template.request("direct:read", e -> e.getIn().setHeader(TarnConstants.KEY, key));
    }

    @Test
    void malformedKeysAreRejectedWithTheReason() throws Exception {
        assertThat(readKey("abc").getException()).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("'abc'").hasMessageContaining("64 hex characters");
        assertThat(readKey("z".repeat(64)).getException()).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("not a hex digit");
        assertThat(readKey("../../../../etc/passwd" + "0".repeat(42)).getException()).isInstanceOf(InvalidKeyException.class);
        assertThat(template.request("direct:delete", e -> e.getIn().setBody(null)).getException())
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("CamelTarnKey");
        assertThat(storedFiles()).isZero();
    }

    @Test
    void aRepeatedOptionIsRefusedRatherThanTakenAsItsListText() {
        // found by FuzzTest: root=a&root=b became the relative folder "[a, b]" in the working directory
        Throwable thrown = catchThrowable(() -> context.getEndpoint(lakeUri("root=" + lakeRoot())));
        assertThat(thrown).isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("root is given more than once");
        assertThat(Path.of("[" + lakeRoot())).doesNotExist();
        assertThatThrownBy(() -> io.tarn.spec.LocationSpec.parse("levels(disk:, /x)"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("a folder after disk:");
    }

    @Test
    void aNullBodyIsNotWritten() throws Exception {
        Exchange out = template.request("direct:write", e -> e.getIn().setBody(null));
        assertThat(out.getException()).isInstanceOf(InvalidPayloadException.class).hasMessageContaining("body is null");
        assertThat(storedFiles()).isZero();
    }

    @Test
    void anUnknownOperationIsRejected() throws Exception {
        Exchange out = template.request("direct:write", e -> {
            e.getIn().setHeader(TarnConstants.OPERATION, "explode");
            e.getIn().setBody("x");
        });
        assertThat(out.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("explode").hasMessageContaining("write, read, contains");
        assertThat(storedFiles()).isZero();

        assertThatThrownBy(() -> context.getEndpoint(lakeUri("operation=explode")))
                .isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("explode");
    }

    @Test
    void aLakeNameThatIsNotAFolderNameIsRejected() {
        assertThatThrownBy(() -> template.requestBody("tarn:..", "x"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class).hasStackTraceContaining("not a plain folder name");
    }

    @Test
    void aBrokenConfigYmlStopsTheLakeFromOpeningAndWritesNothing() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(root.resolve("config.yml"), "levels: [1, -1]\ncolour: blue\n");
        Throwable unknownKey = catchThrowable(() -> template.requestBody("tarn:broken?root=" + root, "x"));
        assertThat(causeOf(unknownKey, LocationSpecException.class)).hasMessageContaining("colour").hasMessageContaining("config.yml");
        try (var files = Files.list(root)) {
            assertThat(files).containsExactly(root.resolve("config.yml"));
        }

        Files.writeString(root.resolve("config.yml"), "levels: [1, -1\n");
        Throwable malformed = catchThrowable(() -> template.requestBody("tarn:broken2?root=" + root, "x"));
        assertThat(causeOf(malformed, LocationSpecException.class)).hasMessageContaining("Malformed").hasMessageContaining("line 1, column 9");
    }
}
