package io.tarn.spec;

import java.util.function.BiFunction;

import io.tarn.LocationSpecException;
import io.tarn.format.Sizes;
import io.tarn.location.eviction.Capacity;

/**
 * The capacity options of one {@code level(...)}: {@code capacity=200GiB} (bytes, in any size form), {@code
 * capacityValues=100000} (a number of values), {@code lowWatermark=0.8} (what a batch evicts down to), in any order.
 */
final class LevelCapacity {
    private long bytes;
    private long values;
    private Double lowWatermark;
    private int lowWatermarkAt = -1;
    private int capacityAt = -1;

    /**
     * Takes one option, whose name is at {@code at} in the spec and value at {@code valueAt}; a bad value is an error
     * at {@code valueAt}, positioned by {@code positioned}.
     */
    void set(String name, String value, int at, int valueAt,
             BiFunction<LocationSpecException, Integer, LocationSpecException> positioned) {
        if (!name.equals("lowwatermark") && capacityAt < 0) {
            capacityAt = at;
        }
        try {
            switch (name) {
                case "capacity" -> bytes = positive(Sizes.parse(value, "capacity"), "capacity", value);
                case "capacityvalues" -> values = positive(count(value), "capacityValues", value);
                default -> {
                    lowWatermark = fraction(value);
                    lowWatermarkAt = at;
                }
            }
        } catch (LocationSpecException e) {
            throw positioned.apply(e, valueAt);
        }
    }

    /** Where the first capacity option of the level is in the spec, or -1. */
    int at() {
        return capacityAt;
    }

    /** The capacity, or null when the level has none (whether the level may be bounded, {@code Durability} says). */
    Capacity build(BiFunction<LocationSpecException, Integer, LocationSpecException> positioned) {
        if (bytes == 0 && values == 0) {
            if (lowWatermark != null) {
                throw positioned.apply(new LocationSpecException("lowWatermark needs a capacity= or capacityValues="
                                                                 + " on the same level"), lowWatermarkAt);
            }
            return null;
        }
        Capacity capacity = new Capacity(bytes, values, Capacity.DEFAULT_LOW_WATERMARK);
        return lowWatermark == null ? capacity : capacity.withLowWatermark(lowWatermark);
    }

    private static long count(String value) {
        try {
            return Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new LocationSpecException("Invalid capacityValues '" + value + "': expected a whole number of values,"
                                            + " e.g. capacityValues=100000");
        }
    }

    private static long positive(long value, String option, String text) {
        if (value <= 0) {
            throw new LocationSpecException("Invalid " + option + " '" + text + "': a capacity must be above 0");
        }
        return value;
    }

    private static double fraction(String value) {
        try {
            double fraction = Double.parseDouble(value.trim());
            if (fraction > 0 && fraction <= 1) {
                return fraction;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new LocationSpecException("Invalid lowWatermark '" + value + "': expected a fraction of the capacity in"
                                        + " (0, 1], e.g. lowWatermark=0.8");
    }
}
