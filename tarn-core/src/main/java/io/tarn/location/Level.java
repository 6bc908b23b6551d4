package io.tarn.location;

import java.util.Objects;

/**
 * One level of {@link Levels}: whether writes go to it, whether values read from lower levels are copied into it,
 * whether a hit above touches it. Defaults are tarn's: write, replicate, no touch.
 * <p>
 * A cache level ({@code write=false}, or {@code cache=true}: it holds copies of what the levels below hold) may have a
 * {@link Capacity}: past it, the level evicts its least recently used values (see {@link Evictor}). A level that may
 * hold the only copy of a value (it takes writes and is not marked a cache) cannot be bounded: {@link Levels} refuses it.
 */
public record Level(Location location, boolean write, boolean replicate, boolean touch, String name, boolean cache,
                    Capacity capacity) {

    public Level {
        Objects.requireNonNull(location, "location");
    }

    public Level(Location location, boolean write, boolean replicate, boolean touch, String name) {
        this(location, write, replicate, touch, name, false, null);
    }

    public static Level of(Location location) {
        return new Level(location, true, true, false, null);
    }

    public Level withWrite(boolean value) {
        return new Level(location, value, replicate, touch, name, cache, capacity);
    }

    public Level withReplicate(boolean value) {
        return new Level(location, write, value, touch, name, cache, capacity);
    }

    public Level withTouch(boolean value) {
        return new Level(location, write, replicate, value, name, cache, capacity);
    }

    public Level withName(String value) {
        return new Level(location, write, replicate, touch, value, cache, capacity);
    }

    /** Marks this level a cache: it holds copies of values the levels below hold, so it may be bounded. */
    public Level withCache(boolean value) {
        return new Level(location, write, replicate, touch, name, value, capacity);
    }

    /** Bounds this cache level; null for no bound. */
    public Level withCapacity(Capacity value) {
        return new Level(location, write, replicate, touch, name, cache, value);
    }

    /** The same flags over another location. */
    public Level withLocation(Location value) {
        return new Level(value, write, replicate, touch, name, cache, capacity);
    }

    /** Whether this level only holds copies (it takes no writes, or is marked a cache). */
    public boolean isCache() {
        return cache || !write;
    }
}
