package io.tarn.camel.observe;

import java.util.Map;

import org.apache.camel.Component;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

import io.tarn.lake.Lake;

/**
 * The {@code tarn} dev console: each lake of the tarn component with its tree as a spec and, per location, its
 * reachability, counts (reads, writes, bytes, copy-ups, evictions, corrupt copies, errors) and last errors; then the
 * last memo miss reason of each step. Option {@code contents=true} also counts the values each leaf holds (it lists
 * them).
 */
@DevConsole(name = "tarn", displayName = "Tarn", description = "Tarn lakes: locations, counts, errors")
public class TarnDevConsole extends AbstractDevConsole {
    /** Option: also count the values of each leaf. */
    public static final String CONTENTS = "contents";

    public TarnDevConsole() {
        super("camel", "tarn", "Tarn", "Tarn lakes: locations, counts, errors");
    }

    private ObservedLakes lakes() {
        Component component = getCamelContext().hasComponent("tarn");
        return component instanceof ObservedLakes observed ? observed : null;
    }

    private static boolean contents(Map<String, Object> options) {
        return "true".equalsIgnoreCase(String.valueOf(options.getOrDefault(CONTENTS, "false")));
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        ObservedLakes lakes = lakes();
        if (lakes == null || lakes.observedLakes().isEmpty()) {
            return "No tarn lake in use\n";
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Lake> lake : lakes.observedLakes().entrySet()) {
            out.append(LakeReport.text(lake.getKey(), lake.getValue(), contents(options))).append('\n');
        }
        out.append("Last memo miss reason per step:");
        var lines = LakeReport.missReasonLines(lakes.missReasons());
        out.append(lines.isEmpty() ? " none recorded\n" : "\n");
        lines.forEach(line -> out.append("    ").append(line).append('\n'));
        return out.toString();
    }

    @Override
    protected JsonObject doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        JsonArray list = new JsonArray();
        ObservedLakes lakes = lakes();
        if (lakes != null) {
            lakes.observedLakes().forEach((name, lake) -> list.add(LakeReport.json(name, lake, contents(options))));
            root.put("missReasons", new JsonObject(lakes.missReasons().lastByStep()));
        }
        root.put("lakes", list);
        return root;
    }
}
