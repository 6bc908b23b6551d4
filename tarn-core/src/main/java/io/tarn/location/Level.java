package io.tarn.location;

import java.util.Objects;

/**
 * One level of {@link Levels}: whether writes go to it, whether values read from lower levels are copied into it,
 * whether a hit above touches it. Defaults are tarn's: write, replicate, no touch.
 */
public record Level(Location location, boolean write, boolean replicate, boolean touch, String name) {

    public Level {
        Objects.requireNonNull(location, "location");
    }

    public static Level of(Location location) {
        return new Level(location, true, true, false, null);
    }

    public Level withWrite(boolean value) {
        return new Level(location, value, replicate, touch, name);
    }

    public Level withReplicate(boolean value) {
        return new Level(location, write, value, touch, name);
    }

    public Level withTouch(boolean value) {
        return new Level(location, write, replicate, value, name);
    }

    public Level withName(String value) {
        return new Level(location, write, replicate, touch, value);
    }
}
