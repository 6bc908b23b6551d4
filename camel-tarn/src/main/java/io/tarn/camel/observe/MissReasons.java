package io.tarn.camel.observe;

import java.util.Map;

/**
 * The last reason each memoized step recomputed (a miss: first run, input changed, a header changed, code changed,
 * output evicted), by step, for the console and JMX to show. Memoization fills it in; until it does the section is
 * empty.
 */
@FunctionalInterface
public interface MissReasons {
    MissReasons NONE = Map::of;

    /** Step to its last miss reason, in a stable order. */
    Map<String, String> lastByStep();
}
