package io.tarn.camel.backend.redis;

/** The contract on a Redis location that keeps labels and usage dates under a text prefix. */
class RedisContractTest extends RedisContractSupport {
    @Override
    protected RedisSettings options() {
        return RedisSettings.defaults().withPrefix("tarn:").withKeepLabels(true).withKeepUsage(true);
    }
}
