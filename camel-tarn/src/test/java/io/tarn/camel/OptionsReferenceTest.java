package io.tarn.camel;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.tarn.spec.SpecKeywords;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * src-docs/options.md is generated from the component descriptor that camel-package-maven-plugin writes, so the
 * reference cannot drift from the code: this test fails when it differs, and rewrites it when run with
 * {@code -Dtarn.docs.update=true}.
 */
class OptionsReferenceTest {
    private static final Path DOC = Path.of("..", "src-docs", "options.md");

    @Test
    void theOptionsReferenceMatchesTheComponentDescriptor() throws Exception {
        JsonObject json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/tarn/camel/tarn.json")) {
            assertThat(in).as("the generated component descriptor is on the classpath").isNotNull();
            json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        String expected = render(json);
        if (Boolean.getBoolean("tarn.docs.update")) {
            Files.writeString(DOC, expected);
        }
        assertThat(Files.exists(DOC) ? Files.readString(DOC) : "")
                .as("src-docs/options.md is out of date: run mvn -pl camel-tarn test -Dtest=OptionsReferenceTest -Dtarn.docs.update=true")
                .isEqualTo(expected);
    }

    static String render(JsonObject json) {
        JsonObject component = (JsonObject) json.get("component");
        StringBuilder out = new StringBuilder();
        out.append("# tarn: options and headers\n\n")
                .append("Generated from the component descriptor `").append("META-INF/io/tarn/camel/tarn.json")
                .append("` by `OptionsReferenceTest`; do not edit by hand.\n\n")
                .append(component.getString("description")).append("\n\n")
                .append("Syntax: `").append(component.getString("syntax")).append("`\n\n")
                .append("Durations (`gcOlderThan`, `gcGrace`, `fullScanPeriod`, `journalRetention`, the")
                .append(" `CamelTarnGcOlderThan` header) are written as Camel writes them: a number with a unit, largest")
                .append(" first, of d, h, m, s, ms (`90d`, `12h`, `1h30m`, `500ms`), a number of milliseconds, or ISO-8601")
                .append(" (`PT1H`). Sizes are numbers with an optional unit (`100KiB`, `10G`). Any other value (`ninety`,")
                .append(" `90days`, `listLimit=ten`) is refused where it is set, naming the option, the value and what")
                .append(" it takes.\n\n");
        table(out, "Component options (`camel.component.tarn.*`)", (JsonObject) json.get("componentProperties"), true);
        table(out, "Endpoint options", (JsonObject) json.get("properties"), true);
        table(out, "Message headers", (JsonObject) json.get("headers"), false);
        out.append("## Location spec keywords\n\n")
                .append("The words of a location spec (`location=`, `camel.component.tarn.lakes.NAME`), from `SpecKeywords`;")
                .append(" see [the guide](guide.md#location-specs) and [lifecycle](lifecycle.md).\n\n")
                .append("| form | meaning |\n|---|---|\n");
        for (SpecKeywords.Keyword keyword : SpecKeywords.all()) {
            out.append("| `").append(keyword.form().replace("|", "\\|")).append("` | ")
                    .append(keyword.meaning().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    private static void table(StringBuilder out, String title, JsonObject options, boolean withDefault) {
        out.append("## ").append(title).append("\n\n");
        out.append(withDefault ? "| name | group | type | default | description |\n|---|---|---|---|---|\n"
                : "| name | group | type | description |\n|---|---|---|---|\n");
        for (Map.Entry<String, Object> entry : options.entrySet()) {
            JsonObject option = (JsonObject) entry.getValue();
            String type = option.getString("javaType");
            if (option.get("enum") != null) {
                type += " (" + String.join(", ", option.getCollection("enum").stream().map(String::valueOf).toList()) + ")";
            }
            String description = option.getString("description").replace("|", "\\|").replace("\n", " ");
            if (withDefault) {
                Object defaultValue = option.get("defaultValue");
                out.append("| `").append(entry.getKey()).append("` | ").append(option.getString("group")).append(" | ")
                        .append(type).append(" | ").append(defaultValue == null ? "" : "`" + defaultValue + "`").append(" | ")
                        .append(description).append(" |\n");
            } else {
                out.append("| `").append(entry.getKey()).append("` | ").append(option.getString("group")).append(" | ").append(type)
                        .append(" | ").append(description).append(" |\n");
            }
        }
        out.append('\n');
    }
}
