package io.tarn.camel.observe;

import java.util.Map;

import io.tarn.lake.Lake;

/** The lakes a component's endpoints use, by name (the first endpoint name a lake was used under). */
public interface ObservedLakes {
    Map<String, Lake> observedLakes();

    /** The last reasons why memoized steps recomputed, by step; see {@link MissReasons}. */
    default MissReasons missReasons() {
        return MissReasons.NONE;
    }

    /** Told of each lake when an endpoint first uses it, and closed when the component stops. */
    interface Observer extends AutoCloseable {
        void added(String name, Lake lake);

        @Override
        void close();
    }
}
