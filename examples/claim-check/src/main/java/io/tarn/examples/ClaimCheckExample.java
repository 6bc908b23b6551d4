package io.tarn.examples;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import io.tarn.camel.TarnConstants;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * The claim check pattern with bodyAsKey: large bodies go into the lake and only their 64-character key travels
 * through a slow queue; downstream the body is read back by its key.
 */
public final class ClaimCheckExample extends RouteBuilder {

    @Override
    public void configure() {
        from("file:{{example.home}}/samples?noop=true&sortBy=file:name").routeId("check-in")
                .setHeader("originalSize", simple("${file:size}"))
                .to("tarn:claims?bodyAsKey=true")
                .process(e -> System.out.printf("queued %s: a %d-character key instead of %s bytes%n",
                        e.getMessage().getHeader(Exchange.FILE_NAME), e.getMessage().getBody(String.class).length(),
                        e.getMessage().getHeader("originalSize")))
                .to("seda:slow-queue");

        from("seda:slow-queue").routeId("check-out")
                .delay(100)
                .to("tarn:claims?operation=read&bodyAsKey=true")
                .process(e -> {
                    byte[] body = e.getMessage().getBody(byte[].class);
                    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
                    System.out.printf("downstream %s: read back %d bytes, sha256 equals the key: %s%n",
                            e.getMessage().getHeader(Exchange.FILE_NAME), body.length,
                            digest.equals(e.getMessage().getHeader(TarnConstants.KEY)));
                })
                .to("mock:done");
    }

    public static void main(String[] args) throws Exception {
        String home = System.getProperty("example.home", ".");
        Main main = new Main(ClaimCheckExample.class);
        main.addInitialProperty("example.home", home);
        main.addInitialProperty("camel.component.tarn.base-directory", Path.of(home, "work").toString());
        main.addInitialProperty("camel.main.duration-max-idle-seconds", "2");
        main.run(args);
        System.out.println("Lake: " + Path.of(home, "work", "claims").toAbsolutePath().normalize());
    }
}
