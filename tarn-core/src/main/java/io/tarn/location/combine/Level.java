package io.tarn.location.combine;

import java.util.Objects;

import io.tarn.location.Location;
import io.tarn.location.SpecText;
import io.tarn.location.eviction.Capacity;

/**
 * One level of {@link Levels}: whether writes go to it, whether values read from lower levels are copied into it,
 * whether a hit above touches it. Defaults are tarn's: write, replicate, no touch.
 * <p>
 * A cache level ({@code write=false}, or {@code cache=true}: it holds copies of what the levels below hold) may have a
 * {@link Capacity}: past it, the level evicts its least recently used values (see {@link io.tarn.location.eviction.Evictor}). A write offered to a
 * {@code cache=true} level is stored in a level below that may hold it alone, and the cache gets a copy
 * ({@link Levels#write}). A level that may hold the only copy of a value (it takes writes and is not marked a cache)
 * cannot be bounded, nor be a location that may drop values by itself: {@link Levels} refuses it ({@link Durability}).
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

    /** This level as a member of a {@code levels(...)} spec: its location, or {@code level(...)} with its options. */
    public String spec() {
        StringBuilder options = new StringBuilder();
        if (!write) {
            options.append(", write=false");
        }
        if (!replicate) {
            options.append(", replicate=false");
        }
        if (touch) {
            options.append(", touch=true");
        }
        if (name != null) {
            options.append(", name=").append(SpecText.quote(name));
        }
        if (cache) {
            options.append(", cache=true");
        }
        if (capacity != null) {
            options.append(", ").append(capacity.spec());
        }
        return options.isEmpty() ? location.toString() : "level(" + location + options + ")";
    }

    /** Whether a write may stop here: it takes writes and is not a cache, so it may hold the only copy of a value. */
    public boolean holdsWrites() {
        return write && !cache;
    }

    /** Whether a write that passes this level leaves a copy in it: a cache ({@code cache=true}) that takes writes. */
    public boolean copiesWrites() {
        return write && cache;
    }
}
