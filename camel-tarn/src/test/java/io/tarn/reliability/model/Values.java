package io.tarn.reliability.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.lake.Lake;

/**
 * The values the model writes, by a small number: {@code v3} is always the same bytes, so that a key is written again
 * now and then, both processes know every value without telling each other its bytes, and a shrunk sequence names
 * values short. Every fourth one is larger than the lake's memory limit, so that it is spooled to disk and linked.
 */
final class Values {
    /** The values the parent's actions pick from; the child's killed writes use the ones after them. */
    static final int UNIVERSE = 8;
    private static final Map<Integer, Key> KEYS = new ConcurrentHashMap<>();

    private Values() {
    }

    static boolean large(int id) {
        return id % 4 == 3;
    }

    static int size(int id) {
        return large(id) ? Lake.DEFAULT_MEMORY_LIMIT + 32 * 1024 + id : 1024 * (1 + id % 3) + id;
    }

    static byte[] bytes(int id) {
        return TestData.bytes(size(id), 7919L * id + 17);
    }

    static Key key(int id) {
        return KEYS.computeIfAbsent(id, i -> TestData.sha256Key(bytes(i)));
    }

    static String name(int id) {
        return "v" + id;
    }
}
