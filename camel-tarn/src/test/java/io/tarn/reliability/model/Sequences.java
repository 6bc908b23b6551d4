package io.tarn.reliability.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A small property-based test engine: runs a sequence of steps drawn from a seeded {@link Random}; when it fails,
 * shrinks it by delta debugging (drops chunks of steps, halving their size down to single steps, then tries simpler
 * forms of each step left), keeping a change only while the sequence still fails the same way, and rerunning it at
 * most a given number of times; reruns the shrunk sequence once more to confirm it; then fails with the seed, the
 * shrunk sequence one step per line, whether the rerun confirmed it, and what broke.
 * It knows nothing of what the steps do or what is checked: that is the {@link Property}'s.
 */
public final class Sequences {
    private Sequences() {
    }

    /** What a property is made of: how its sequences are drawn, run and simplified. */
    public interface Property<S> {
        /** A sequence drawn from {@code random} alone, so that its seed repeats it. */
        List<S> generate(Random random);

        /** Runs the steps from a fresh start; throws when a check fails. */
        void run(List<S> steps) throws Exception;

        /** Simpler forms of a step, tried in turn when shrinking; none by default. */
        default List<S> simpler(S step) {
            return List.of();
        }

        /** Which check a failure broke: a shrunk sequence must break the same one. */
        default String kind(Throwable failure) {
            return failure.getClass().getName();
        }

        /** A sequence as a person reads it: one step a line. */
        default String describe(List<S> steps) {
            return steps.stream().map(step -> "  " + step).collect(Collectors.joining("\n"));
        }
    }

    /**
     * Runs the sequence {@code seed} draws; if it fails, shrinks it with at most {@code reruns} reruns, reruns the
     * shrunk sequence to confirm it, and throws an {@link AssertionError} that says {@code title}, the seed, the shrunk
     * sequence, the confirmation and the failure (its cause).
     */
    public static <S> void check(String title, Property<S> property, long seed, int reruns) {
        List<S> steps = property.generate(new Random(seed));
        Throwable failure = failure(property, steps);
        if (failure == null) {
            return;
        }
        String kind = property.kind(failure);
        Shrinking<S> shrinking = new Shrinking<>(property, kind, reruns, steps, failure);
        shrinking.shrink();
        Throwable again = failure(property, shrinking.steps);
        String confirmed = again != null && property.kind(again).equals(kind) ? "it failed again when rerun"
                : "it passed when rerun: the failure depends on timing, replay the seed";
        throw new AssertionError(title + ": " + kind + " failed, seed " + seed + "; shrunk from " + steps.size()
                                 + " to " + shrinking.steps.size() + " steps in " + shrinking.runs + " reruns ("
                                 + confirmed + "):\n" + property.describe(shrinking.steps) + "\nwhat broke: "
                                 + shrinking.failure.getMessage(), shrinking.failure);
    }

    private static <S> Throwable failure(Property<S> property, List<S> steps) {
        try {
            property.run(steps);
            return null;
        } catch (Exception | AssertionError e) {
            return e;
        }
    }

    private static final class Shrinking<S> {
        private final Property<S> property;
        private final String kind;
        private final int reruns;
        List<S> steps;
        Throwable failure;
        int runs;

        Shrinking(Property<S> property, String kind, int reruns, List<S> steps, Throwable failure) {
            this.property = property;
            this.kind = kind;
            this.reruns = reruns;
            this.steps = steps;
            this.failure = failure;
        }

        /** Rounds of dropping and simplifying until a round changes nothing or the reruns are spent. */
        void shrink() {
            boolean smaller = true;
            while (smaller && runs < reruns) {
                smaller = dropChunks() | simplifySteps();
            }
        }

        /** Chunks of half the sequence, then a quarter, … then single steps, from the end (where failures stop). */
        private boolean dropChunks() {
            boolean smaller = false;
            for (int size = Math.max(1, steps.size() / 2); size >= 1 && runs < reruns; size /= 2) {
                for (int end = steps.size(); end > 0 && runs < reruns; end -= size) {
                    int start = Math.max(0, end - size);
                    List<S> candidate = new ArrayList<>(steps.subList(0, start));
                    candidate.addAll(steps.subList(end, steps.size()));
                    // dropped or not, the next chunk ends where this one started
                    smaller |= stillFails(candidate);
                }
            }
            return smaller;
        }

        private boolean simplifySteps() {
            boolean simpler = false;
            for (int i = 0; i < steps.size() && runs < reruns; i++) {
                for (S form : property.simpler(steps.get(i))) {
                    List<S> candidate = new ArrayList<>(steps);
                    candidate.set(i, form);
                    if (runs < reruns && stillFails(candidate)) {
                        simpler = true;
                        i--;  // and simpler still, if it has simpler forms
                        break;
                    }
                }
            }
            return simpler;
        }

        /** Runs the candidate; keeps it when it fails the same way. */
        private boolean stillFails(List<S> candidate) {
            runs++;
            Throwable again = failure(property, candidate);
            if (again == null || !property.kind(again).equals(kind)) {
                return false;
            }
            steps = candidate;
            failure = again;
            return true;
        }
    }
}
