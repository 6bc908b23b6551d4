package io.tarn.reliability.model;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * How many sequences the model runs on each shape, how long they are, and with which seeds.
 * <ul>
 * <li>In the test command: {@code tarn.model.tries} sequences (default 5) of {@code tarn.model.steps} steps (default
 * 16) per shape of {@code LakeModelTest}; {@code tarn.model.docTries} (default 2) of {@code tarn.model.docSteps}
 * (default 8) per shape the docs show, every one of them, every run: both classes together take about three
 * minutes of a 2-core machine (src-docs/reliability.md says what was measured).</li>
 * <li>Soaking ({@code bin/soak}): {@code tarn.model.soakSeconds} are shared among the shapes, half to each test
 * class; each shape runs sequences until its share is spent, and never fewer than in the test command.</li>
 * <li>Seeds: every sequence has its own, printed with it; {@code tarn.model.seed=S} makes S the first sequence's seed
 * on every shape (with the same steps, it repeats that sequence), {@code tarn.model.shape=TEXT} runs only the shapes
 * whose names contain TEXT. A failing sequence is shrunk with at most {@code tarn.model.shrinkRuns} reruns
 * (default 100).</li>
 * </ul>
 */
public final class Budget {
    private static final long RUN_SEED = Long.getLong("tarn.model.seed", new Random().nextLong() & Long.MAX_VALUE);
    private static int sequences;

    private Budget() {
    }

    public static int tries() {
        return Integer.getInteger("tarn.model.tries", 5);
    }

    public static int steps() {
        return Integer.getInteger("tarn.model.steps", 16);
    }

    public static int docTries() {
        return Integer.getInteger("tarn.model.docTries", 2);
    }

    public static int docSteps() {
        return Integer.getInteger("tarn.model.docSteps", 8);
    }

    /** A soak's share of one shape of a test class of {@code shapes} shapes, in ms (0 when not soaking). */
    public static long share(int shapes) {
        return Long.getLong("tarn.model.soakSeconds", 0) * 1000 / 2 / Math.max(1, shapes);
    }

    /** The shapes to run: all, or those {@code tarn.model.shape} names. */
    public static List<Shape> selected(List<Shape> shapes) {
        String only = System.getProperty("tarn.model.shape", "");
        return shapes.stream().filter(shape -> shape.name().contains(only)).toList();
    }

    /**
     * Runs {@code tries} sequences of {@code steps} steps on the shape, then more until {@code shareMillis} are spent;
     * fails with the first that fails, shrunk.
     */
    public static void run(Shape shape, int tries, int steps, long shareMillis) {
        long deadline = System.currentTimeMillis() + shareMillis;
        for (int i = 0; i < tries || System.currentTimeMillis() < deadline; i++) {
            runOne(shape, steps, i);
        }
    }

    /** Runs the {@code index}th sequence of {@code steps} steps on the shape; fails with it, shrunk. */
    private static void runOne(Shape shape, int steps, int index) {
        long seed = seed(shape, index);
        int childJvms = ChildWorker.started();
        long start = System.nanoTime();
        String rerun = "rerun: -Dtarn.model.seed=" + seed + " -Dtarn.model." + (shape.name().startsWith(Shape.DOCS)
                ? "docSteps" : "steps") + "=" + steps + " -Dtarn.model.shape='" + shape.name() + "'";
        try {
            Sequences.check(shape.name() + " (" + rerun + ")", new Chains(shape, steps), seed,
                    Integer.getInteger("tarn.model.shrinkRuns", 100));
        } finally {
            System.out.printf("model: %s, sequence %d (%d steps, seed %d): %.1f s, %d child JVMs started (%d in all"
                              + " so far)%n", shape.name(), ++sequences, steps, seed,
                    (System.nanoTime() - start) / 1e9, ChildWorker.started() - childJvms, ChildWorker.started());
        }
    }

    /** Runs {@code steps} on the shape; fails with them, shrunk. */
    static void replay(Shape shape, List<Step> steps) {
        System.out.println("model: " + shape.name() + ", the sequence " + steps);
        Sequences.check(shape.name() + " (the sequence " + steps + ")", Chains.fixed(shape, steps), 0,
                Integer.getInteger("tarn.model.shrinkRuns", 100));
    }

    /** The seed of a shape's sequence: {@code tarn.model.seed} for the first when it is given, else drawn from it. */
    static long seed(Shape shape, int index) {
        if (index == 0 && System.getProperty("tarn.model.seed") != null) {
            return RUN_SEED;
        }
        return new SplittableRandom(RUN_SEED + 1_000_003L * shape.name().hashCode() + index).nextLong()
               & Long.MAX_VALUE;
    }
}
