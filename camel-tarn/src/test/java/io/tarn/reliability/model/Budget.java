package io.tarn.reliability.model;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * How long the model's properties run, and the check that every {@link KnownBroken} case is still broken.
 * <ul>
 * <li>In the test command: {@code tarn.model.tries} chains per shape (default 4; the shapes of the docs get
 * {@code tarn.model.docTries}, default 2) of at most {@code tarn.model.steps}
 * steps (default 16); a property whose shapes have listed cases not yet seen runs up to ten times as many chains
 * until it sees them, then fails if one is still unseen (the bug is fixed: remove its entry).</li>
 * <li>Soaking ({@code bin/soak}): {@code tarn.model.soakSeconds} are shared among the properties of the suite, each
 * running chains until its share is spent, and at least as many as in the test command (listed cases included).</li>
 * <li>{@code tarn.model.seed} gives every property that seed (jqwik prints each property's seed; with the same
 * seed, tries and steps a run repeats its sequences).</li>
 * </ul>
 */
public final class Budget implements AroundPropertyHook, AroundTryHook {
    /** The test classes of the model's suite; a soak shares its time among their properties. */
    private static final List<String> SUITE = List.of("io.tarn.reliability.model.LakeModelTest",
            "io.tarn.docs.DocShapesModelTest");
    private static final int EXTRA = 10;

    /** A test class whose properties each run several shapes (one per try, in turn). */
    public interface Shapes {
        int shapes();

        /** The chains each shape gets. */
        default int triesPerShape() {
            return tries();
        }
    }

    /** The chains per shape of the test command. */
    public static int tries() {
        return Integer.getInteger("tarn.model.tries", 4);
    }

    private static final Set<String> shapesRun = ConcurrentHashMap.newKeySet();
    private static int tries;
    private static int base;
    private static long deadline;
    private static long steps;

    public static int steps() {
        return Integer.getInteger("tarn.model.steps", 16);
    }

    static long soakSeconds() {
        return Long.getLong("tarn.model.soakSeconds", 0);
    }

    /** A chain of this shape started. */
    static void started(String shape) {
        shapesRun.add(shape);
    }

    /** A step ran. */
    static void stepped() {
        steps++;
    }

    /** Registered on a test class, it applies to each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public boolean appliesTo(Optional<AnnotatedElement> element) {
        return element.map(e -> e.isAnnotationPresent(Property.class)).orElse(false);
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        base = context.testInstance() instanceof Shapes several ? several.shapes() * several.triesPerShape() : tries();
        long share = soakSeconds() * 1000 / propertiesInSuite();
        deadline = System.currentTimeMillis() + share;
        context.attributes().setTries(soakSeconds() > 0 ? Integer.MAX_VALUE : base * EXTRA);
        String seed = System.getProperty("tarn.model.seed");
        if (seed != null && !seed.isBlank()) {
            context.attributes().setSeed(seed);
        }
        shapesRun.clear();
        tries = 0;
        steps = 0;
        long start = System.nanoTime();
        PropertyExecutionResult result = property.execute();
        System.out.printf("model: %s: %d chains, %d steps, %d shapes, %.1f s, seed %s%n", context.label(), tries, steps,
                shapesRun.size(), (System.nanoTime() - start) / 1e9, result.seed().orElse("?"));
        List<KnownBroken.Case> unseen = KnownBroken.unseen(shapesRun);
        boolean passed = result.status() == PropertyExecutionResult.Status.SUCCESSFUL;
        if (passed && !unseen.isEmpty() && !KnownBroken.strict()) {
            return result.mapToFailed("KnownBroken lists cases the model did not see in " + tries + " chains (seed "
                                      + result.seed().orElse("?") + "): " + unseen + ". If their bugs are fixed, remove"
                                      + " their entries from io.tarn.reliability.model.KnownBroken.");
        }
        return result;
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        TryExecutionResult result = aTry.execute(parameters);
        tries++;
        if (!result.isSatisfied()) {
            return result;
        }
        // a soak runs until its share of time is spent, and never fewer chains than the test command
        boolean done = (soakSeconds() == 0 || System.currentTimeMillis() > deadline) && tries >= base
                       && (KnownBroken.strict() || KnownBroken.unseen(shapesRun).isEmpty() || tries >= base * EXTRA);
        return done ? TryExecutionResult.satisfied(true) : result;
    }

    private static int propertiesInSuite() {
        int count = 0;
        for (String name : SUITE) {
            try {
                Method[] methods = Class.forName(name).getDeclaredMethods();
                count += (int) Arrays.stream(methods).filter(m -> m.isAnnotationPresent(Property.class)).count();
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("The model's suite names a class that is not there: " + name, e);
            }
        }
        return Math.max(1, count);
    }
}
