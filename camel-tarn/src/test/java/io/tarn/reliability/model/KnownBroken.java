package io.tarn.reliability.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The cases the model finds broken on today's code, in one place, each keyed by shape and invariant with the bug it
 * shows. A violation of a listed case does not fail its property: the model notes the first one (with the steps that
 * led to it), prints it, and goes on. A listed case the model does not see in a property's run fails that property,
 * loudly: the bug is fixed, so its entry must go (nothing stays silently excluded). Run with
 * {@code -Dtarn.model.strict=true} to fail on listed cases too, so that jqwik shrinks them and prints the shortest
 * sequence.
 * <p>
 * Remove an entry in the commit that fixes its bug.
 */
final class KnownBroken {
    /**
     * One broken case: on the shapes it names (one shape by its name, or every shape the docs show, whose names start
     * with {@code docs: }), this invariant fails, because of this bug.
     */
    record Case(String shapes, Predicate<String> matches, Set<Invariant> invariants, String bug) {
        @Override
        public String toString() {
            return invariants + " on " + shapes + " (" + bug + ")";
        }
    }

    private static Case on(String shape, Invariant invariant, String bug) {
        return new Case(shape, shape::equals, Set.of(invariant), bug);
    }

    /**
     * A bug that breaks one invariant or the other depending on the timing: gc removing a used value breaks
     * {@link Invariant#GC_KEEPS_USED}, or {@link Invariant#USE_GC_ORDERED} when the use (in the other JVM) overlapped
     * the gc. Seeing either is seeing the bug.
     */
    private static Case onGc(String shape, String bug) {
        return new Case(shape, shape::equals, Set.of(Invariant.GC_KEEPS_USED, Invariant.USE_GC_ORDERED), bug);
    }

    private static Case onDocShapes(String bug) {
        return new Case("the shapes of the docs", name -> name.startsWith(Shape.DOCS),
                Set.of(Invariant.GC_KEEPS_USED, Invariant.USE_GC_ORDERED), bug);
    }

    private static final String NO_USE = "issue 24: a disk lake whose config.yml names no usage: (the lake tarn:NAME"
                                         + " makes) records no use on read, touch or a write of a stored key, so gc by"
                                         + " age removes by when values were stored";
    private static final String CACHE_SERVES = "issue 24: a read the cache level serves marks only the cache, so gc by"
                                               + " age removes the store's copy of a hot value";
    private static final String CAFFEINE_ONLY = "issue 24: a writable Caffeine level acknowledges writes it holds only"
                                                + " in the heap";

    private static final String CACHE_TRUE = "issue 24: writes stop at the first writable level, so a cache=true"
                                             + " level holds the only copy";

    static final List<Case> CASES = List.of(
            // remove once default lakes record use (or gc by age refuses on them)
            onGc("disk (default config)", NO_USE),
            onDocShapes(NO_USE + " (the docs' folders are such lakes)"),
            // remove once reads served by a cache level mark the levels below (or gc goes by the tree's use)
            onGc("levels(level(A, write=false, capacityValues=2), B)", CACHE_SERVES),
            onGc("levels(level(caffeine:hot?maxBytes=64KiB, write=false), B)", CACHE_SERVES),
            // remove once cache=true writes go through to a durable level (or such a tree is refused)
            on("levels(level(A, cache=true, capacityValues=2), B)", Invariant.DURABLE_COPY, CACHE_TRUE),
            // reliability.md names the shape above among the model's
            on(Shape.DOCS + "levels(level(A, cache=true, capacityValues=2), B)", Invariant.DURABLE_COPY, CACHE_TRUE),
            // remove once a writable Caffeine level is refused (or writes go through to a durable level too)
            on(Shape.DOCS + "small(caffeine:hot?maxBytes=256MiB, 100KiB)", Invariant.DURABLE_COPY, CAFFEINE_ONLY
               + " (recipes.md)"),
            on(Shape.DOCS + "levels(small(caffeine:hot?maxBytes=256MiB, 64KiB), /mnt/ssd/images, /mnt/nfs/images)",
               Invariant.DURABLE_COPY, CAFFEINE_ONLY + " (observability.md)"),
            on(Shape.DOCS + "levels(small(caffeine:hot?maxBytes=256MiB, 64KiB), /mnt/ssd/images, s3:images?...)",
               Invariant.DURABLE_COPY, CAFFEINE_ONLY + " (observability.md)"));

    /** The first violation of each listed case seen in this JVM: shape, then invariant, then what was seen. */
    private static final Map<Case, String> SEEN = new ConcurrentHashMap<>();
    private static final Map<String, Map<Invariant, String>> SURVEYED = new ConcurrentHashMap<>();

    private KnownBroken() {
    }

    static boolean strict() {
        return Boolean.getBoolean("tarn.model.strict");
    }

    /**
     * {@code -Dtarn.model.survey=true}: every violation is noted as a listed one would be (the first of each shape and
     * invariant printed) and none fails, to see at once what a change breaks everywhere.
     */
    static boolean survey() {
        return Boolean.getBoolean("tarn.model.survey");
    }

    static void surveyed(String shape, Invariant invariant, String what) {
        if (SURVEYED.computeIfAbsent(shape, s -> new ConcurrentHashMap<>()).putIfAbsent(invariant, what) == null) {
            System.out.println("SURVEY: " + invariant + " on " + shape + ": " + what);
        }
    }

    static Optional<Case> find(String shape, Invariant invariant) {
        return CASES.stream().filter(c -> c.matches().test(shape) && c.invariants().contains(invariant)).findFirst();
    }

    /** Notes a violation of a listed case; the first of each is kept and printed. */
    static void seen(Case known, String shape, String what) {
        if (SEEN.putIfAbsent(known, what) == null) {
            System.out.println("KNOWN BROKEN: " + known + ", seen on " + shape + ": " + what);
        }
    }

    static boolean wasSeen(Case known) {
        return SEEN.containsKey(known);
    }

    /** The listed cases of these shapes not seen so far. */
    static List<Case> unseen(Collection<String> shapes) {
        List<Case> unseen = new ArrayList<>();
        for (Case known : CASES) {
            if (shapes.stream().anyMatch(known.matches()) && !wasSeen(known)) {
                unseen.add(known);
            }
        }
        return unseen;
    }
}
