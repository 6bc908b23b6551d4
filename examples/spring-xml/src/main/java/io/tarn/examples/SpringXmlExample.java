package io.tarn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.ClassPathXmlApplicationContext;
import org.springframework.core.Ordered;

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
        try (var spring = new ClassPathXmlApplicationContext(new String[] {"camel-context.xml"}, false)) {
            CountFromTheStart counting = new CountFromTheStart((int) samples);
            spring.addApplicationListener(counting);
            spring.refresh();
            if (!counting.done.matches(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the samples were not all processed within 30 s");
            }
        }
        System.out.println("Lakes: " + home + "/work/old-hdd (filled first) and " + home + "/work/new-hdd (filled on read)");
    }

    /**
     * Counts the finished exchanges from before the routes start: Camel starts on the same refresh event, after this
     * listener, so no sample can go through unseen (as it could before a NotifyBuilder made once Spring is up).
     */
    private static final class CountFromTheStart implements ApplicationListener<ContextRefreshedEvent>, Ordered {
        private final int samples;
        private volatile NotifyBuilder done;

        CountFromTheStart(int samples) {
            this.samples = samples;
        }

        @Override
        public void onApplicationEvent(ContextRefreshedEvent event) {
            CamelContext context = event.getApplicationContext().getBean(CamelContext.class);
            if (context.isStarted()) {
                throw new IllegalStateException("Camel started before the samples could be counted");
            }
            done = new NotifyBuilder(context).whenCompleted(samples).create();
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
