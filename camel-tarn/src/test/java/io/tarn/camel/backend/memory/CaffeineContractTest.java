package io.tarn.camel.backend.memory;

import java.util.concurrent.atomic.AtomicInteger;

import io.tarn.camel.backend.SharedCamel;
import io.tarn.location.Location;
import io.tarn.location.LocationContract;

/**
 * The location contract on an in-memory Caffeine level, through camel-caffeine. It is local, so there is no outage to
 * test; it keeps labels and usage dates in memory.
 */
class CaffeineContractTest extends LocationContract {
    private static final AtomicInteger CACHES = new AtomicInteger();

    @Override
    protected Location createLocation() {
        // room for the contract's 32 MiB value
        return new CaffeineLocation(SharedCamel.context(), "contract-" + CACHES.incrementAndGet(), 128L << 20, 48L << 20);
    }
}
