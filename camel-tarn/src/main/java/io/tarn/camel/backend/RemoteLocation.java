package io.tarn.camel.backend;

import io.tarn.location.Location;

/** A location behind a server: it tracks whether that server answers (for health checks and logs). */
public interface RemoteLocation extends Location {

    Reachability reachability();
}
