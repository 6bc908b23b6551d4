package io.tarn.reliability.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The cases the model finds broken on today's code, in one place, each keyed by shape and invariant with the bug it
 * shows. A violation of a listed case does not fail its sequence: the model notes the first one (with the steps that
 * led to it), prints it, and goes on. A listed case the model does not see on its shapes, even in more sequences,
 * fails the test class, loudly ({@link #showUp}): the bug is fixed, so its entry must go (nothing stays silently
 * excluded). Run with {@code -Dtarn.model.strict=true} to fail on listed cases too, so that they are shrunk and
 * printed as their shortest sequence.
 * <p>
 * Remove an entry in the commit that fixes its bug. With no entry left, nothing runs it (no extra test, no extra
 * sequence, every violation fails), and the class can go with its three calls: {@link LakeModel}'s violation, and
 * the {@code showUp} of {@code LakeModelTest} and {@code DocShapesModelTest}.
 */
public final class KnownBroken {
    /** The most shapes a listed case's sequence runs on, when the random sequences did not show it. */
    private static final int EXTRA = 20;

    /**
     * One broken case: on the shapes it names (one shape by its name, or every shape the docs show, whose names start
     * with {@code docs: }), this invariant fails, because of this bug; {@code shownBy} is the shortest sequence that
     * shows it (as the model printed it shrunk, with {@code tarn.model.strict}), run when the random ones did not.
     */
    record Case(String shapes, Predicate<String> matches, Set<Invariant> invariants, String bug, List<Step> shownBy) {
        /** Whether it names shapes of the docs ({@code DocShapesModelTest}'s), or else {@code LakeModelTest}'s. */
        boolean ofDocs() {
            return shapes.startsWith(Shape.DOCS);
        }

        @Override
        public String toString() {
            return invariants + " on " + shapes + " (" + bug + ")";
        }
    }

    /**
     * A bug that breaks one invariant or the other depending on the timing: gc removing a used value breaks
     * {@link Invariant#GC_KEEPS_USED}, or {@link Invariant#USE_GC_ORDERED} when the use (in the other JVM) overlapped
     * the gc. Seeing either is seeing the bug.
     */
    private static Case onGc(String shape, String bug, Step... shownBy) {
        return new Case(shape, shape::equals, Set.of(Invariant.GC_KEEPS_USED, Invariant.USE_GC_ORDERED), bug,
                List.of(shownBy));
    }

    private static Case onDocShapes(String bug, Step... shownBy) {
        return new Case(Shape.DOCS + "every shape", name -> name.startsWith(Shape.DOCS),
                Set.of(Invariant.GC_KEEPS_USED, Invariant.USE_GC_ORDERED), bug, List.of(shownBy));
    }

    /** Reads v1, which the start left stored, read once and last used ten days ago; then gc by age. */
    private static final Step[] READ_V1_THEN_GC = { new Step.Read(1, false), new Step.Gc(GcRun.Kind.AGE) };

    private static final String NO_USE = "issue 24: a disk lake whose config.yml names no usage: (the lake tarn:NAME"
                                         + " makes) records no use on read, touch or a write of a stored key, so gc by"
                                         + " age removes by when values were stored";
    private static final String CACHE_SERVES = "issue 24: a read the cache level serves marks only the cache, so gc by"
                                               + " age removes the store's copy of a hot value";

    static final List<Case> CASES = List.of(
            // remove once default lakes record use (or gc by age refuses on them)
            onGc("disk (default config)", NO_USE, READ_V1_THEN_GC),
            onDocShapes(NO_USE + " (the docs' folders are such lakes)", READ_V1_THEN_GC),
            // remove once reads served by a cache level mark the levels below (or gc goes by the tree's use)
            onGc("levels(level(A, write=false, capacityValues=2), B)", CACHE_SERVES, READ_V1_THEN_GC),
            onGc("levels(level(caffeine:hot?maxBytes=64KiB, write=false), B)", CACHE_SERVES, READ_V1_THEN_GC),
            // a cache=true level is such a cache too, now that it holds copies only (writes go on to B)
            onGc("levels(level(A, cache=true, capacityValues=2), B)", CACHE_SERVES, READ_V1_THEN_GC));

    /** The first violation of each listed case seen in this JVM: shape, then invariant, then what was seen. */
    private static final Map<Case, String> SEEN = new ConcurrentHashMap<>();

    private KnownBroken() {
    }

    static boolean strict() {
        return Boolean.getBoolean("tarn.model.strict");
    }

    /**
     * Whether a violation is of a listed case and does not fail its sequence (not with {@code tarn.model.strict}):
     * then the first of each case is noted and printed, with {@code what} (the steps that led to it).
     */
    static boolean tolerates(String shape, Invariant invariant, String what) {
        if (CASES.isEmpty() || strict()) {
            return false;
        }
        Optional<Case> known = CASES.stream()
                .filter(c -> c.matches().test(shape) && c.invariants().contains(invariant)).findFirst();
        known.filter(k -> SEEN.putIfAbsent(k, what) == null)
                .ifPresent(k -> System.out.println("KNOWN BROKEN: " + k + ", seen on " + shape + ": " + what));
        return known.isPresent();
    }

    /**
     * The test, run after a test class's shapes, that every listed case of theirs showed up: none when nothing is
     * listed, or with {@code tarn.model.strict} or {@code tarn.model.survey} (nothing is noted then).
     */
    public static Stream<DynamicTest> showUp(List<Shape> shapes, boolean docs) {
        if (CASES.isEmpty() || strict() || LakeModel.survey()) {
            return Stream.empty();
        }
        return Stream.of(dynamicTest("every KnownBroken case of these shapes shows up",
                () -> showUpNow(shapes, docs)));
    }

    /**
     * Every listed case of these shapes that did not show up in the random sequences (a bug that needs a few steps in
     * a row may not, in a short run) runs its {@link Case#shownBy} sequence on the shapes it names, in turn, until it
     * shows up, on at most {@link #EXTRA} of them; one still unseen fails loudly (its bug is fixed: its entry goes),
     * as does a case of this test class ({@code docs} or not) that names no shape it runs (the shape is gone, or
     * refused now).
     */
    private static void showUpNow(List<Shape> shapes, boolean docs) {
        List<String> names = shapes.stream().map(Shape::name).toList();
        List<Case> stale = CASES.stream()
                .filter(known -> known.ofDocs() == docs && names.stream().noneMatch(known.matches())).toList();
        if (System.getProperty("tarn.model.shape", "").isEmpty() && !stale.isEmpty()) {
            throw new AssertionError("KnownBroken lists cases for shapes the model does not run: " + stale + ". Remove"
                                     + " their entries from io.tarn.reliability.model.KnownBroken.");
        }
        for (Case known : unseen(names)) {
            List<Shape> named = shapes.stream().filter(shape -> known.matches().test(shape.name())).toList();
            for (int i = 0; i < Math.min(EXTRA, named.size()) && !SEEN.containsKey(known); i++) {
                Budget.replay(named.get(i), known.shownBy());
            }
        }
        List<Case> unseen = unseen(names);
        if (!unseen.isEmpty()) {
            throw new AssertionError("KnownBroken lists cases the model did not see, not even in the sequence that"
                                     + " showed each: " + unseen + ". If their bugs are fixed, remove their entries"
                                     + " from io.tarn.reliability.model.KnownBroken.");
        }
    }

    /** The listed cases of these shapes not seen so far. */
    private static List<Case> unseen(Collection<String> shapes) {
        List<Case> unseen = new ArrayList<>();
        for (Case known : CASES) {
            if (shapes.stream().anyMatch(known.matches()) && !SEEN.containsKey(known)) {
                unseen.add(known);
            }
        }
        return unseen;
    }
}
