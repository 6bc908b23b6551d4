package io.tarn.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.io.TempDir;

/** A CamelContext with one disk lake in a temporary folder and a direct: route for every operation. */
abstract class TarnTestSupport extends CamelTestSupport {

    @TempDir
    Path tmp;

    Path lakeRoot() {
        return tmp.resolve("lake");
    }

    String lakeUri(String options) {
        return "tarn:lake?root=" + lakeRoot() + (options.isEmpty() ? "" : "&" + options);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                for (TarnOperation operation : TarnOperation.values()) {
                    from("direct:" + operation).to(lakeUri("operation=" + operation));
                }
                from("direct:claim").to(lakeUri("bodyAsKey=true"));
                from("direct:unclaim").to(lakeUri("operation=read&bodyAsKey=true"));
                from("direct:readOrNothing").to(lakeUri("operation=read&ignoreMissing=true"));
                from("direct:fetchOrNothing").to(lakeUri("operation=fetch&ignoreMissing=true"));
                from("direct:any").to(lakeUri(""));
            }
        };
    }

    /** Sends the body to a route or endpoint and returns the key header it set. */
    String keyOf(String uri, Object body) {
        return template.request(uri, e -> e.getIn().setBody(body)).getMessage().getHeader(TarnConstants.KEY, String.class);
    }

    /** The first exception of the given type in the cause chain, or null. */
    static <T extends Throwable> T causeOf(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * Files under the lake root other than config.yml, the key lock file and the tool folders (usage marks); none when
     * no write has created the lake.
     */
    long storedFiles() throws Exception {
        if (!Files.exists(lakeRoot())) {
            return 0;
        }
        try (var files = Files.walk(lakeRoot())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("config.yml"))
                    .filter(p -> !p.equals(lakeRoot().resolve("tools/locks")))
                    .filter(p -> !p.startsWith(lakeRoot().resolve("tools/usage")))
                    .count();
        }
    }
}
