package io.tarn.camel.springboot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
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

    /**
     * Starts the application with a web server on a free loopback port, for Actuator's endpoints as a user reaches them
     * (the same URLs and JSON on Spring Boot 3 and 4, whose Java types for them differ).
     */
    static ConfigurableApplicationContext runWeb(String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.add("server.port=0");
        all.add("server.address=127.0.0.1");
        return new SpringApplicationBuilder(TarnStarterApp.class)
                .web(WebApplicationType.SERVLET)
                .properties(all.toArray(String[]::new))
                .run();
    }

    /** The object at this path of keys in a JSON object. */
    static JsonObject at(JsonObject json, String... keys) {
        JsonObject object = json;
        for (String key : keys) {
            object = (JsonObject) object.get(key);
        }
        return object;
    }

    /** GET of a path of the application started by {@link #runWeb}: the JSON it answers. */
    static JsonObject getJson(ConfigurableApplicationContext app, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + path);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        // the health endpoint answers 503 with its JSON when the application is DOWN
        if (response.statusCode() != 200 && response.statusCode() != 503) {
            throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return (JsonObject) Jsoner.deserialize(response.body());
    }

    /** Where a value with this hex key lives in a disk lake of Python tarn's default layout (levels [1, -1]). */
    static Path valueFile(Path lake, String key) {
        return lake.resolve(key.substring(0, 2)).resolve(key.substring(2));
    }
}
