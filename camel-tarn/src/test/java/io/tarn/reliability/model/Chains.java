package io.tarn.reliability.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tarn.reliability.model.Step.ChildOp;
import io.tarn.reliability.model.Step.During;

/**
 * The random sequences the model runs on a shape, as a {@link Sequences.Property}: writes (small and large values, of
 * keys already stored too, with labels, as bytes, streams, files copied or moved in), reads (some held open across
 * later steps), touches, deletes, fetches, values made old, gc runs of every policy, eviction batches, restarts; and,
 * where the shape runs them, a second JVM working at the same time (racing gc, eviction, reads and writes of this
 * one) and killed with SIGKILL. A sequence runs from a lake with history ({@link Step.Start}) and ends with every
 * promised value read back ({@link LakeModel#finish}); a failure is a {@link Invariant.Violation}, or any other error.
 */
public final class Chains implements Sequences.Property<Step> {
    private final Shape shape;
    private final int length;
    private final List<Step> fixed;

    /** Sequences of {@code length} steps on {@code shape}. */
    public Chains(Shape shape, int length) {
        this(shape, length, null);
    }

    private Chains(Shape shape, int length, List<Step> fixed) {
        this.shape = shape;
        this.length = length;
        this.fixed = fixed;
    }

    /** Always the same sequence on {@code shape}: {@code steps}, whatever the seed. */
    static Chains fixed(Shape shape, List<Step> steps) {
        return new Chains(shape, steps.size(), List.copyOf(steps));
    }

    @Override
    public List<Step> generate(Random random) {
        if (fixed != null) {
            return fixed;
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            steps.add(step(random));
        }
        return steps;
    }

    @Override
    public void run(List<Step> steps) {
        try {
            LakeModel model = LakeModel.start(shape);
            steps.forEach(model::perform);
            model.finish();
        } finally {
            LakeModel.closeCurrent();
        }
    }

    @Override
    public List<Step> simpler(Step step) {
        return step.simpler();
    }

    @Override
    public String kind(Throwable failure) {
        return failure instanceof Invariant.Violation violation ? violation.invariant.name()
                : failure.getClass().getName();
    }

    @Override
    public String describe(List<Step> steps) {
        return "  " + new Step.Start() + "\n" + steps.stream().map(step -> "  " + step + "\n")
                .collect(Collectors.joining()) + "  (end: read back every promised value)";
    }

    private Step step(Random r) {
        List<Weighted<Step>> steps = new ArrayList<>(List.of(
                new Weighted<>(18, x -> new Step.Write(id(x), labels(x), mode(x))),
                new Weighted<>(15, x -> new Step.Read(id(x), x.nextInt(5) == 0)),
                new Weighted<>(6, x -> new Step.Touch(id(x))),
                new Weighted<>(3, x -> new Step.Delete(id(x))),
                new Weighted<>(3, x -> new Step.Fetch(ids(x, 3))),
                new Weighted<>(9, x -> new Step.Age(x.nextInt(3) < 2 ? List.of() : ids(x, 3))),
                new Weighted<>(9, x -> new Step.Gc(gcKind(x))),
                new Weighted<>(3, x -> new Step.Evict()),
                new Weighted<>(3, x -> new Step.Restart()),
                new Weighted<>(3, x -> new Step.Release())));
        if (shape.children()) {
            steps.add(new Weighted<>(2, x -> new Step.Concurrently(list(x, 4, Chains::childOp), between(x, 1, 20),
                    during(x))));
            steps.add(new Weighted<>(1, x -> {
                int count = between(x, 2, 10);
                return new Step.KillChild(IntStream.range(Values.UNIVERSE, Values.UNIVERSE + count).boxed().toList(),
                        Math.min(between(x, 1, 10), count));
            }));
        }
        return pick(r, steps);
    }

    /** A choice drawn with a weight: the higher, the more often. */
    private record Weighted<T>(int weight, Function<Random, ? extends T> make) {
    }

    private static <T> T pick(Random random, List<Weighted<T>> choices) {
        int left = random.nextInt(choices.stream().mapToInt(Weighted::weight).sum());
        for (Weighted<T> choice : choices) {
            left -= choice.weight();
            if (left < 0) {
                return choice.make().apply(random);
            }
        }
        throw new IllegalStateException("weights changed while drawing");
    }

    private static <T> T pick(Random random, int[] weights, List<T> values) {
        List<Weighted<T>> choices = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            T value = values.get(i);
            choices.add(new Weighted<>(weights[i], x -> value));
        }
        return pick(random, choices);
    }

    private static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    private static <T> List<T> list(Random random, int max, Function<Random, T> element) {
        return IntStream.range(0, between(random, 1, max)).mapToObj(i -> element.apply(random)).toList();
    }

    /** Some values are hot: the lower the number, the more often a step picks it (a key used again, soon). */
    private static int id(Random random) {
        return pick(random, new int[] { 5, 4, 3, 3, 2, 1, 1, 1 }, List.of(0, 1, 2, 3, 4, 5, 6, 7));
    }

    private static List<Integer> ids(Random random, int max) {
        return list(random, max, Chains::id);
    }

    private static Set<String> labels(Random random) {
        return pick(random, new int[] { 4, 1, 1 }, List.of(Set.of(), Set.of("keep"), Set.of("scratch")));
    }

    private static Ops.Mode mode(Random random) {
        return pick(random, new int[] { 4, 1, 1, 1 }, List.of(Ops.Mode.BYTES, Ops.Mode.STREAM, Ops.Mode.FILE,
                Ops.Mode.MOVE));
    }

    private static GcRun.Kind gcKind(Random random) {
        return pick(random, new int[] { 4, 2, 1, 1, 1 }, List.of(GcRun.Kind.AGE, GcRun.Kind.AGE_KEEP,
                GcRun.Kind.AGE_DRY, GcRun.Kind.AGE_GRACE, GcRun.Kind.TINY));
    }

    private static ChildOp childOp(Random r) {
        return pick(r, List.of(
                new Weighted<>(3, x -> ChildOp.write(id(x), labels(x), mode(x))),
                new Weighted<>(4, x -> ChildOp.use('r', id(x))),
                new Weighted<>(2, x -> ChildOp.use('t', id(x))),
                new Weighted<>(1, x -> ChildOp.use('f', id(x))),
                new Weighted<>(1, x -> ChildOp.gc(gcKind(x))),
                new Weighted<>(1, x -> ChildOp.evict())));
    }

    private static During during(Random r) {
        return pick(r, List.of(
                new Weighted<>(4, x -> new During("gc", gcKind(x), List.of())),
                new Weighted<>(1, x -> new During("evict", null, List.of())),
                new Weighted<>(2, x -> new During("read", null, ids(x, 4))),
                new Weighted<>(1, x -> new During("write", null, ids(x, 4))),
                new Weighted<>(1, x -> During.nothing())));
    }
}
