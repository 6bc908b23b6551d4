package io.tarn.camel.remote.redis;

/** The contract on a Redis location that keeps labels and usage dates under a text prefix. */
class RedisContractTest extends RedisContractSupport {
    @Override
    protected RedisOptions options() {
        return new RedisOptions().prefix("tarn:").keepLabels(true).keepUsage(true);
    }
}
