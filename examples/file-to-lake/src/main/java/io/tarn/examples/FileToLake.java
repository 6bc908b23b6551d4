package io.tarn.examples;

import java.nio.file.Path;

import io.tarn.camel.TarnConstants;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * Ingests every file of {@code samples/} into the lake {@code tarn:lake} (the embedded default: a disk lake in
 * Python tarn's format, in {@code work/lake}) and prints one line per file, in {@code sha256sum}'s format.
 */
public final class FileToLake extends RouteBuilder {

    @Override
    public void configure() {
        from("file:{{example.home}}/samples?noop=true&recursive=true&sortBy=file:name")
                .routeId("file-to-lake")
                .to("tarn:lake")
                .process(exchange -> System.out.println(
                        exchange.getMessage().getHeader(TarnConstants.KEY) + "  samples/"
                        + exchange.getMessage().getHeader("CamelFileName")));
    }

    public static void main(String[] args) throws Exception {
        String home = System.getProperty("example.home", ".");
        Path lakes = Path.of(home, "work");
        Main main = new Main(FileToLake.class);
        main.addInitialProperty("example.home", home);
        main.addInitialProperty("camel.component.tarn.base-directory", lakes.toString());
        // stop once the samples are ingested
        main.addInitialProperty("camel.main.duration-max-idle-seconds", "2");
        main.run(args);
        System.out.println("Lake: " + lakes.resolve("lake").toAbsolutePath().normalize()
                           + " (check with: cd " + home + " && sha256sum samples/*)");
    }
}
