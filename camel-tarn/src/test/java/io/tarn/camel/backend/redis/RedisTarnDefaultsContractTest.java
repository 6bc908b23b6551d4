package io.tarn.camel.backend.redis;

import java.time.Duration;

/**
 * The contract with Python tarn's defaults (no labels, no usage dates), plus a ttl and a binary prefix that holds
 * glob characters, a zero byte and a byte above 0x7f: SCAN's pattern and Camel's String keys must carry it exactly.
 */
class RedisTarnDefaultsContractTest extends RedisContractSupport {
    static final byte[] PREFIX = {'*', '[', 0, (byte) 0xff, '\\', '?'};

    @Override
    protected RedisSettings options() {
        return RedisSettings.defaults().withPrefix(PREFIX).withTtl(Duration.ofHours(1));
    }

    @Override
    protected boolean keepsLabels() {
        return false;
    }

    @Override
    protected boolean keepsUsage() {
        return false;
    }

    @Override
    protected long largeValueSize() {
        return 8L << 20;
    }
}
