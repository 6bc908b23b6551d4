package io.tarn.camel.springboot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** An application with no configuration or bean of its own: all it has is what the starters auto-configure. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TarnStarterApp {

    /** Starts the application with these properties (and the given configuration classes), as application.properties would give them. */
    static ConfigurableApplicationContext run(List<Class<?>> sources, String... properties) {
        List<Class<?>> all = new ArrayList<>(List.of(TarnStarterApp.class));
        all.addAll(sources);
        return new SpringApplicationBuilder(all.toArray(Class[]::new))
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
    }

    static ConfigurableApplicationContext run(String... properties) {
        return run(List.of(), properties);
    }

    /** Where a value with this hex key lives in a disk lake of Python tarn's default layout (levels [1, -1]). */
    static Path valueFile(Path lake, String key) {
        return lake.resolve(key.substring(0, 2)).resolve(key.substring(2));
    }
}
