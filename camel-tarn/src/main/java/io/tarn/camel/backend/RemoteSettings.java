package io.tarn.camel.backend;

import java.time.Duration;

/**
 * What the settings of every remote backend share, set the same way everywhere: immutable, each option changed by a
 * {@code with…} method that returns new settings. These two are the outage policy's ({@link Reachability}); a spec
 * leaf sets them from {@code failFast=true} and {@code retryAfter=SECONDS} ({@link LeafOptions#remote}).
 *
 * @param <S> the backend's settings type
 */
public interface RemoteSettings<S extends RemoteSettings<S>> {
    /** Whether an outage raises a LocationException instead of being a miss or a decline; default false. */
    boolean failFast();

    /** While the server is down, calls within this time of the last failure do not try it again; default 2 s. */
    Duration retryAfter();

    S withFailFast(boolean value);

    S withRetryAfter(Duration value);
}
