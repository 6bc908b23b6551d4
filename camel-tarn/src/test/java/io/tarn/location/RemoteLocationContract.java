package io.tarn.location;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.camel.backend.RemoteLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The location contract plus what a location behind a server keeps when the server goes away: a miss on read, a
 * decline on write, one outage counted (one WARN), recovery by itself, and failFast for those who want an error.
 */
public abstract class RemoteLocationContract extends LocationContract {

    /** Stops the server this test's location talks to (it keeps its data, as a real server's disk does). */
    protected abstract void stopServer() throws Exception;

    /** Starts it again, on the same address. */
    protected abstract void startServer() throws Exception;

    /** A location on the same server with failFast on. */
    protected abstract RemoteLocation createFailFastLocation() throws Exception;

    @Test
    void anUnreachableServerIsAMissAndADeclineAndRecovers() throws Exception {
        RemoteLocation remote = (RemoteLocation) location;
        Key stored = keyOf("kept");
        location.write(stored, value("kept"), Set.of()).orElseThrow().close();
        stopServer();
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(location.read(stored)).isEmpty();
                assertThat(location.contains(stored)).isFalse();
                assertThat(location.write(keyOf("while down " + i), value("while down " + i), Set.of())).isEmpty();
            }
            assertThat(remote.reachability().isUp()).isFalse();
            assertThat(remote.reachability().outages()).as("one outage, one WARN").isEqualTo(1);
        } finally {
            startServer();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!location.read(stored).map(v -> text(v).equals("kept")).orElse(false)) {
            assertThat(System.nanoTime()).as("recovered within 20 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(remote.reachability().isUp()).isTrue();
        assertThat(location.write(keyOf("after"), value("after"), Set.of())).isPresent();
    }

    @Test
    void failFastTurnsAnOutageIntoAnError() throws Exception {
        try (RemoteLocation strict = createFailFastLocation()) {
            stopServer();
            try {
                assertThatThrownBy(() -> strict.read(keyOf("anything"))).isInstanceOf(LocationException.class)
                        .hasMessageContaining("unreachable");
            } finally {
                startServer();
            }
        }
    }
}
