package io.tarn.reliability.model;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.tarn.reliability.model.Step.ChildOp;
import io.tarn.reliability.model.Step.During;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

/**
 * The random sequences the model runs on a shape: writes (small and large values, of keys already stored too, with
 * labels, as bytes, streams, files copied or moved in), reads (some held open across later steps), touches, deletes,
 * fetches, values made old, gc runs of every policy, eviction batches, restarts; and, where the shape runs them, a
 * second JVM working at the same time (racing gc, eviction, reads and writes of this one) and killed with SIGKILL.
 */
public final class Chains {
    private Chains() {
    }

    /** The chains of a shape, as long as the budget says ({@link Budget#steps()}). */
    public static ActionChainArbitrary<LakeModel> of(Shape shape) {
        ActionChainArbitrary<LakeModel> chains = ActionChain.<LakeModel>startWith(() -> LakeModel.start(shape))
                .withAction(18, action(Combinators.combine(ids(), labels(), modes()).as(Step.Write::new)))
                .withAction(15, action(Combinators.combine(ids(), Arbitraries.frequency(Tuple.of(4, false),
                        Tuple.of(1, true))).as(Step.Read::new)))
                .withAction(6, action(ids().map(Step.Touch::new)))
                .withAction(3, action(ids().map(Step.Delete::new)))
                .withAction(3, action(ids().list().ofMinSize(1).ofMaxSize(3).map(Step.Fetch::new)))
                .withAction(9, action(Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(new Step.Age(List.of()))),
                        Tuple.of(1, ids().list().ofMinSize(1).ofMaxSize(3).map(Step.Age::new)))))
                .withAction(9, action(gcKinds().map(Step.Gc::new)))
                .withAction(3, action(Arbitraries.just(new Step.Evict())))
                .withAction(3, action(Arbitraries.just(new Step.Restart())))
                .withAction(3, action(Arbitraries.just(new Step.Release())))
                .withMaxTransformations(Budget.steps());
        if (shape.children()) {
            chains = chains
                    .withAction(2, action(Combinators.combine(childOps().list().ofMinSize(1).ofMaxSize(4),
                            Arbitraries.integers().between(1, 20), during()).as(Step.Concurrently::new)))
                    .withAction(1, action(Combinators.combine(Arbitraries.integers().between(2, 10),
                            Arbitraries.integers().between(1, 10)).as((count, after) -> new Step.KillChild(
                            IntStream.range(Values.UNIVERSE, Values.UNIVERSE + count).boxed().toList(),
                            Math.min(after, count)))));
        }
        return chains;
    }

    /** Runs a chain, then its end checks ({@link LakeModel#finish}); closes what it opened, whatever happens. */
    public static void run(ActionChain<LakeModel> chain) {
        try {
            chain.run().finish();
        } finally {
            LakeModel.closeCurrent();
        }
    }

    private static Action.Independent<LakeModel> action(Arbitrary<? extends Step> steps) {
        return () -> steps.map(step -> Transformer.<LakeModel>mutate(step.toString(), model -> model.perform(step)));
    }

    /** Some values are hot: the lower the number, the more often a step picks it (a key used again, soon). */
    private static Arbitrary<Integer> ids() {
        return Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(4, 1), Tuple.of(3, 2), Tuple.of(3, 3), Tuple.of(2, 4),
                Tuple.of(1, 5), Tuple.of(1, 6), Tuple.of(1, 7));
    }

    private static Arbitrary<Set<String>> labels() {
        return Arbitraries.frequency(Tuple.of(4, Set.of()), Tuple.of(1, Set.of("keep")),
                Tuple.of(1, Set.of("scratch")));
    }

    private static Arbitrary<Ops.Mode> modes() {
        return Arbitraries.frequency(Tuple.of(4, Ops.Mode.BYTES), Tuple.of(1, Ops.Mode.STREAM),
                Tuple.of(1, Ops.Mode.FILE), Tuple.of(1, Ops.Mode.MOVE));
    }

    private static Arbitrary<GcRun.Kind> gcKinds() {
        return Arbitraries.frequency(Tuple.of(4, GcRun.Kind.AGE), Tuple.of(2, GcRun.Kind.AGE_KEEP),
                Tuple.of(1, GcRun.Kind.AGE_DRY), Tuple.of(1, GcRun.Kind.AGE_GRACE), Tuple.of(1, GcRun.Kind.TINY));
    }

    private static Arbitrary<ChildOp> childOps() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(ids(), labels(), modes()).as(ChildOp::write)),
                Tuple.of(4, ids().map(id -> ChildOp.use('r', id))),
                Tuple.of(2, ids().map(id -> ChildOp.use('t', id))),
                Tuple.of(1, ids().map(id -> ChildOp.use('f', id))),
                Tuple.of(1, gcKinds().map(ChildOp::gc)),
                Tuple.of(1, Arbitraries.just(ChildOp.evict())));
    }

    private static Arbitrary<During> during() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, gcKinds().map(kind -> new During("gc", kind, List.of()))),
                Tuple.of(1, Arbitraries.just(new During("evict", null, List.of()))),
                Tuple.of(2, ids().list().ofMinSize(1).ofMaxSize(4).map(ids -> new During("read", null, ids))),
                Tuple.of(1, ids().list().ofMinSize(1).ofMaxSize(4).map(ids -> new During("write", null, ids))),
                Tuple.of(1, Arbitraries.just(During.nothing())));
    }
}
