package io.tarn.spec;

import java.util.List;

/**
 * The words of the location spec, with what each means: the reference src-docs/options.md prints (generated, so that
 * it cannot drift from the parser).
 */
public final class SpecKeywords {

    /** One combinator or option: how it is written, and what it does. */
    public record Keyword(String form, String meaning) {
    }

    private static final List<Keyword> ALL = List.of(
            new Keyword("levels(a, b, ...)", "a cache hierarchy (Python tarn's Levels); members are locations or level(...)"),
            new Keyword("level(location, ...)", "one member of levels(...) with its options below"),
            new Keyword("write=true|false", "level: writes go to it (default true)"),
            new Keyword("replicate=true|false", "level: values read below are copied into it (default true)"),
            new Keyword("touch=true|false", "level: a hit above touches it (default false)"),
            new Keyword("name=text", "level: its name (metrics, gc's locations)"),
            new Keyword("cache=true|false", "level: it holds copies only: a write offered to it is stored in a durable"
                                            + " level below, then copied into it; so it may be bounded, or volatile"
                                            + " (default false; a write=false level is a cache anyway)"),
            new Keyword("capacity=200GiB", "level: bound a cache level's bytes; past it, least recently used values"
                                           + " are evicted (a size: 10G = 10^10 bytes, 1GiB = 2^30, bare number = bytes)"),
            new Keyword("capacityValues=100000", "level: bound a cache level's number of values"),
            new Keyword("lowWatermark=0.9", "level: the fraction of its capacity a batch evicts down to (default 0.9)"),
            new Keyword("fanout(a, b, ...)", "the first member that accepts a write; reads the first hit"),
            new Keyword("small(location, 100KiB)", "declines empty values and values above the size (maxSize= may be"
                                                   + " written)"),
            new Keyword("readonly(location)", "declines every write, deletes nothing"));

    private SpecKeywords() {
    }

    public static List<Keyword> all() {
        return ALL;
    }
}
