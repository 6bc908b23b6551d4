package io.tarn.reliability.model;

import java.util.Map;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.state.ActionChain;

/**
 * The lake's invariants ({@link Invariant}; src-docs/reliability.md, "The lake's invariants, checked by a model")
 * over random sequences of operations, restarts, a second JVM at work at the same time and kill -9 of it, one
 * property per tree shape. The reference model and the checks are {@link LakeModel}; the sequences {@link Chains};
 * how long it runs {@link Budget}; what is broken today {@link KnownBroken}. A failure prints the shrunk sequence.
 */
@AddLifecycleHook(Budget.class)
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

    @Property
    void diskDefault(@ForAll("disk") ActionChain<LakeModel> chain) {
        Chains.run(chain);
    }

    @Property
    void diskStatUsage(@ForAll("statUsage") ActionChain<LakeModel> chain) {
        Chains.run(chain);
    }

    @Property
    void diskRedisLocker(@ForAll("redisLocker") ActionChain<LakeModel> chain) {
        Chains.run(chain);
    }

    @Property
    void boundedCacheLevel(@ForAll("bounded") ActionChain<LakeModel> chain) {
        Chains.run(chain);
    }

    @Property
    void cacheTrueLevel(@ForAll("cacheTrue") ActionChain<LakeModel> chain) {
        Chains.run(chain);
    }

    @Property
    void caffeineLevel(@ForAll("caffeine") ActionChain<LakeModel> chain) {
        Chains.run(chain);
    }

    @Property
    void redisLeaf(@ForAll("redis") ActionChain<LakeModel> chain) {
        Chains.run(chain);
    }

    @Property
    void s3Leaf(@ForAll("s3") ActionChain<LakeModel> chain) {
        Chains.run(chain);
    }

    @Provide
    Arbitrary<ActionChain<LakeModel>> disk() {
        return Chains.of(DISK);
    }

    @Provide
    Arbitrary<ActionChain<LakeModel>> statUsage() {
        return Chains.of(STAT_USAGE);
    }

    @Provide
    Arbitrary<ActionChain<LakeModel>> redisLocker() {
        return Chains.of(REDIS_LOCKER);
    }

    @Provide
    Arbitrary<ActionChain<LakeModel>> bounded() {
        return Chains.of(BOUNDED);
    }

    @Provide
    Arbitrary<ActionChain<LakeModel>> cacheTrue() {
        return Chains.of(CACHE_TRUE);
    }

    @Provide
    Arbitrary<ActionChain<LakeModel>> caffeine() {
        return Chains.of(CAFFEINE);
    }

    @Provide
    Arbitrary<ActionChain<LakeModel>> redis() {
        return Chains.of(REDIS);
    }

    @Provide
    Arbitrary<ActionChain<LakeModel>> s3() {
        return Chains.of(S3);
    }
}
