package io.tarn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.springframework.context.support.ClassPathXmlApplicationContext;

/** Starts camel-context.xml, waits until every sample went through both routes, and stops. */
public final class SpringXmlExample {

    private SpringXmlExample() {
    }

    public static void main(String[] args) throws Exception {
        String home = Path.of(System.getProperty("example.home", ".")).toAbsolutePath().normalize().toString();
        System.setProperty("example.home", home);
        long samples;
        try (Stream<Path> files = Files.list(Path.of(home, "samples"))) {
            samples = files.count();
        }
        try (var spring = new ClassPathXmlApplicationContext("camel-context.xml")) {
            CamelContext context = spring.getBean(CamelContext.class);
            NotifyBuilder done = new NotifyBuilder(context).whenCompleted((int) samples).create();
            if (!done.matches(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the samples were not all processed within 30 s");
            }
        }
        System.out.println("Lakes: " + home + "/work/old-hdd (filled first) and " + home + "/work/new-hdd (filled on read)");
    }
}
