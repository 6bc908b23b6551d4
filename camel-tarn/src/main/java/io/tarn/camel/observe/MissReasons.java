package io.tarn.camel.observe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tarn.memo.RecentMisses;

/**
 * The last reason each memoized step recomputed (a miss: first run, input changed, a header changed, code changed,
 * output evicted), by step, for the console and JMX to show: by default those every memoized step of this JVM records
 * ({@link RecentMisses#shared()}).
 */
@FunctionalInterface
public interface MissReasons {
    MissReasons NONE = Map::of;

    /** The newest miss of each step {@code recent} holds, the steps in the order they last missed. */
    static MissReasons of(RecentMisses recent) {
        return () -> {
            Map<String, String> last = new LinkedHashMap<>();
            for (Map.Entry<String, List<RecentMisses.Miss>> step : recent.byStep().entrySet()) {
                if (!step.getValue().isEmpty()) {
                    last.put(step.getKey(), step.getValue().get(0).reason().text());
                }
            }
            return last;
        };
    }

    /** Step to its last miss reason, in a stable order. */
    Map<String, String> lastByStep();
}
