package io.tarn.camel.observe;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.TestData;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;

import static org.assertj.core.api.Assertions.assertThat;

/** The tarn dev console, resolved as Camel resolves consoles (camel-console), shows each lake in JSON and text. */
class TarnDevConsoleTest {
    @TempDir
    Path tmp;

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<JsonObject> objects(JsonObject json, String key) {
        return List.copyOf((java.util.Collection<JsonObject>) json.get(key));
    }

    @Test
    void theConsoleListsEachLakeWithItsLocationsCountsAndErrors() throws Exception {
        int port = closedPort();
        try (CamelContext context = new DefaultCamelContext()) {
            TarnComponent tarn = context.getComponent("tarn", TarnComponent.class);
            String spec = "levels(level(small(caffeine:console?maxBytes=1MiB, 1KiB), cache=true), " + tmp.resolve("disk")
                          + ", redis:127.0.0.1:" + port + "?prefix=down:)";
            tarn.getLakes().put("shop", spec);
            tarn.setMissReasons(() -> Map.of("parse", "first run of this step"));
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            template.sendBody("tarn:shop?operation=write", TestData.bytes(500, 1));
            String large = template.request("tarn:shop?operation=write", e -> e.getIn().setBody(TestData.bytes(5000, 2)))
                    .getMessage().getHeader(TarnConstants.KEY, String.class);
            template.requestBodyAndHeader("tarn:shop?operation=read", null, TarnConstants.KEY, large, byte[].class);
            // a value nowhere: the read reaches Redis, which is down
            template.requestBodyAndHeader("tarn:shop?operation=read&ignoreMissing=true", null, TarnConstants.KEY,
                    TestData.sha256Key(TestData.bytes(10, 3)).hex(), byte[].class);

            DevConsole console = DevConsoleRegistry.get(context).resolveById("tarn");
            assertThat(console).as("resolved from META-INF/services/org/apache/camel/dev-console/tarn").isNotNull();
            JsonObject json = (JsonObject) console.call(DevConsole.MediaType.JSON, Map.of(TarnDevConsole.CONTENTS, "true"));
            // what a client gets: the JSON text, parsed back
            JsonObject parsed = (JsonObject) Jsoner.deserialize(json.toJson());

            List<JsonObject> lakes = objects(parsed, "lakes");
            assertThat(lakes).hasSize(1);
            JsonObject lake = lakes.get(0);
            assertThat(lake.getString("name")).isEqualTo("shop");
            assertThat(lake.getString("spec")).isEqualTo(tarn.parseSpec(spec).toString());
            assertThat(lake.getString("algorithm")).isEqualTo("sha256");
            List<JsonObject> locations = objects(lake, "locations");
            assertThat(locations).extracting(l -> l.getString("place")).containsExactly("levels", "levels[0]:small",
                    "levels[0]:small:caffeine", "levels[1]:disk", "levels[2]:redis");
            assertThat(locations).extracting(l -> l.getString("kind")).containsExactly("levels", "small", "caffeine",
                    "disk", "redis");
            JsonObject root = locations.get(0);
            assertThat(((Number) root.getMap("reads").get("hit")).longValue()).isEqualTo(1);
            assertThat(((Number) root.getMap("reads").get("miss")).longValue()).isEqualTo(1);
            JsonObject disk = locations.get(3);
            assertThat(((Number) disk.getMap("writes").get("stored")).longValue()).as("every write").isEqualTo(2);
            assertThat(((Number) disk.getMap("bytes").get("in")).longValue()).isEqualTo(500 + 5000);
            assertThat(((Number) disk.getMap("bytes").get("out")).longValue()).isEqualTo(5000);
            assertThat(((Number) disk.get("values")).longValue()).isEqualTo(2);
            assertThat(disk.containsKey("reachable")).as("a disk has no reachability").isFalse();
            JsonObject caffeine = locations.get(2);
            assertThat(((Number) caffeine.getMap("writes").get("stored")).longValue()).isEqualTo(1);
            assertThat(((Number) caffeine.get("values")).longValue()).isEqualTo(1);
            JsonObject redis = locations.get(4);
            assertThat(redis.getBoolean("reachable")).as("nothing listens on port %d", port).isFalse();
            assertThat(redis.getString("downSince")).isNotBlank();
            assertThat(redis.containsKey("values")).isTrue();
            assertThat(locations.get(1).containsKey("values")).as("only leaves are counted").isFalse();
            Map<String, Object> reasons = parsed.getMap("missReasons");
            assertThat(reasons).isEqualTo(Map.of("parse", "first run of this step"));

            String text = (String) console.call(DevConsole.MediaType.TEXT, Map.of());
            assertThat(text).contains("Lake shop (sha256): " + lake.getString("spec"))
                    .contains("    levels[1]:disk  reads 1 hit / 1 miss, writes 2 stored / 0 declined, bytes 5500 in / 5000 out")
                    .contains("    levels[2]:redis DOWN since ")
                    .contains("Last memo miss reason per step:\n    parse: first run of this step");
        }
    }

    @Test
    void withoutLakesTheConsoleSaysSo() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            DevConsole console = DevConsoleRegistry.get(context).resolveById("tarn");
            assertThat((String) console.call(DevConsole.MediaType.TEXT, Map.of())).isEqualTo("No tarn lake in use\n");
            JsonObject json = (JsonObject) console.call(DevConsole.MediaType.JSON, Map.of());
            assertThat(objects(json, "lakes")).isEmpty();
        }
    }

    @Test
    void theConsoleShowsWhyEachMemoizedStepOfThisJvmLastRecomputed() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            io.tarn.lake.Lake lake = io.tarn.lake.Lake.open(tmp.resolve("lake"));
            context.getComponent("tarn", TarnComponent.class).getLakes().put("memo", tmp.resolve("lake").toString());
            context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:step").process(io.tarn.camel.memo.Memoize.of(lake,
                            e -> e.getMessage().setBody(e.getMessage().getBody(String.class).toUpperCase()))
                            .step("console-shout"));
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            template.requestBody("direct:step", "a", String.class);
            template.requestBody("direct:step", "b", String.class);
            template.sendBody("tarn:memo?operation=write", "the console lists lakes endpoints use");

            DevConsole console = DevConsoleRegistry.get(context).resolveById("tarn");
            JsonObject json = (JsonObject) Jsoner.deserialize(((JsonObject) console.call(DevConsole.MediaType.JSON, Map.of()))
                    .toJson());
            // the shared record of this JVM: other tests' steps may be there too
            Map<String, Object> reasons = json.getMap("missReasons");
            assertThat(reasons).containsEntry("console-shout", "input changed");
            assertThat((String) console.call(DevConsole.MediaType.TEXT, Map.of())).contains("    console-shout: input changed");
        }
    }
}
