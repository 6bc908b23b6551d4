package io.tarn.camel.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.util.StringHelper;
import org.apache.camel.util.TimeUtils;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's spring-configuration-metadata.json (written by Spring Boot's configuration processor from the generated
 * TarnComponentConfiguration) documents every option of the component's descriptor (tarn.json), with the component's
 * description and default: a component option the generated code lacks fails here, until the starter is regenerated.
 */
class TarnStarterMetadataTest {

    private static final String PREFIX = "camel.component.tarn.";
    /** Properties of every Camel starter, not options of the component. */
    private static final List<String> STARTER_ONLY = List.of("enabled", "customizer.enabled");

    private static JsonObject read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (org.apache.camel.util.json.DeserializationException e) {
            throw new IOException(url + " is not JSON", e);
        }
    }

    private static JsonObject componentDescriptor() throws IOException {
        return read(Objects.requireNonNull(TarnStarterMetadataTest.class.getResource("/META-INF/io/tarn/camel/tarn.json"),
                "tarn.json of camel-tarn on the class path"));
    }

    /** The starter's metadata: the one spring-configuration-metadata.json on the class path with the tarn group. */
    private static Map<String, JsonObject> starterProperties() throws IOException {
        for (URL url : Collections.list(TarnStarterMetadataTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            JsonObject metadata = read(url);
            boolean tarn = ((JsonArray) metadata.get("groups")).stream()
                    .anyMatch(group -> "camel.component.tarn".equals(((JsonObject) group).getString("name")));
            if (tarn) {
                Map<String, JsonObject> properties = new LinkedHashMap<>();
                for (Object property : (JsonArray) metadata.get("properties")) {
                    JsonObject p = (JsonObject) property;
                    properties.put(p.getString("name"), p);
                }
                return properties;
            }
        }
        throw new AssertionError("no spring-configuration-metadata.json with the group camel.component.tarn");
    }

    @Test
    void everyComponentOptionIsAPropertyWithItsDescriptionAndDefault() throws IOException {
        JsonObject options = componentDescriptor().getMap("componentProperties");
        Map<String, JsonObject> properties = starterProperties();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> entry : options.entrySet()) {
            JsonObject option = (JsonObject) entry.getValue();
            String name = PREFIX + StringHelper.camelCaseToDash(entry.getKey());
            JsonObject property = properties.get(name);
            if (property == null) {
                problems.add(name + " is missing: regenerate the starter (mvn -B -pl camel-tarn-starter -am"
                             + " -Pgenerate-starter -DskipTests package) and commit camel-tarn-starter/src/generated");
                continue;
            }
            String description = property.getString("description");
            if (description == null || !description.startsWith(option.getString("description"))) {
                problems.add(name + ": its comment should start with the component's description \""
                             + option.getString("description") + "\" but is \"" + description + "\"");
            }
            Object byDefault = option.get("defaultValue");
            if (!Objects.equals(springDefault(option), String.valueOf(property.get("defaultValue")))) {
                problems.add(name + ": default " + property.get("defaultValue") + ", the component's is " + byDefault);
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * The component's default as the generated field holds it: a duration in milliseconds (as every Camel starter has
     * it), an enum constant as the configuration processor writes it (lower case).
     */
    private static String springDefault(JsonObject option) {
        Object byDefault = option.get("defaultValue");
        if (byDefault != null && "duration".equals(option.getString("type"))) {
            return String.valueOf(TimeUtils.toMilliSeconds(byDefault.toString()));
        }
        if (byDefault != null && "enum".equals(option.getString("type"))) {
            return byDefault.toString().toLowerCase(Locale.ROOT);
        }
        return String.valueOf(byDefault);
    }

    @Test
    void everyPropertyIsAComponentOption() throws IOException {
        JsonObject options = componentDescriptor().getMap("componentProperties");
        List<String> unknown = new ArrayList<>();
        for (String name : starterProperties().keySet()) {
            String option = StringHelper.dashToCamelCase(name.substring(PREFIX.length()));
            if (!options.containsKey(option) && !STARTER_ONLY.contains(name.substring(PREFIX.length()))) {
                unknown.add(name);
            }
        }
        assertThat(unknown).isEmpty();
    }
}
