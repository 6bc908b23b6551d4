package io.tarn.reliability.model;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The lake's invariants ({@link Invariant}; src-docs/reliability.md, "The lake's invariants, checked by a model")
 * over random sequences of operations, restarts, a second JVM at work at the same time and kill -9 of it, one
 * test per tree shape. The reference model and the checks are {@link LakeModel}; the sequences {@link Chains}, run and
 * shrunk by {@link Sequences}; how many and how long {@link Budget}. A
 * failure prints its seed and the shrunk sequence.
 */
public class LakeModelTest {
    /** The lake {@code tarn:NAME} makes by default: config.yml with no tools. */
    static final Shape DISK = Shape.of("disk (default config)", "{A}", Map.of(), true);
    static final Shape STAT_USAGE = Shape.of("disk (usage: StatUsage)", "{A}", Map.of("A", Shape::statUsage), true);
    static final Shape REDIS_LOCKER = Shape.of("disk (locker: RedisLocker)", "{A}", Map.of("A", Shape::redisLocker),
            true);
    static final Shape BOUNDED = Shape.of("levels(level(A, write=false, capacityValues=2), B)",
            "levels(level({A}, write=false, capacityValues=2), {B})", Map.of("B", Shape::statUsage), true);
    static final Shape CACHE_TRUE = Shape.of("levels(level(A, cache=true, capacityValues=2), B)",
            "levels(level({A}, cache=true, capacityValues=2), {B})", Map.of("B", Shape::statUsage), true);
    static final Shape CAFFEINE = Shape.of("levels(level(caffeine:hot?maxBytes=64KiB, write=false), B)",
            "levels(level(caffeine:hot?maxBytes=64KiB, write=false), {B})", Map.of("B", Shape::statUsage), true);
    static final Shape REDIS = Shape.of("redis", "{redis}", Map.of(), true);
    static final Shape S3 = Shape.of("levels(level(A, write=false, capacityValues=2), s3)",
            "levels(level({A}, write=false, capacityValues=2), {s3})", Map.of(), true);

    static final List<Shape> SHAPES = List.of(DISK, STAT_USAGE, REDIS_LOCKER, BOUNDED, CACHE_TRUE, CAFFEINE, REDIS,
            S3);

    @TestFactory
    Stream<DynamicTest> everyShapeKeepsTheInvariants() {
        List<Shape> shapes = Budget.selected(SHAPES);
        long share = Budget.share(shapes.size());
        return shapes.stream().map(shape -> dynamicTest(shape.name(),
                () -> Budget.run(shape, Budget.tries(), Budget.steps(), share)));
    }
}
