package io.tarn.camel;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

import io.tarn.Key;
import io.tarn.LakeNotFoundException;
import io.tarn.camel.backend.Reachability;
import io.tarn.camel.backend.RemoteLocation;
import io.tarn.lake.Lake;
import io.tarn.location.Location;

/**
 * Readiness of a lake: DOWN while a remote location of its tree cannot reach its server (the lake still works, with
 * that location missing), UP otherwise; UP too for a disk lake no writer has created yet, with a detail saying so
 * (consumers often start before the writers). Each call probes every remote location with a cheap look-up (contains of the
 * all-zero key), so a server that no message happened to need is checked too; the probe goes through the location's
 * Reachability, which also logs the outage and notices the recovery. Registered under {@code tarn-NAME} when Camel's
 * health-check registry is present; enabled (else UNKNOWN, "Disabled", as Camel's checks say) while the component's health options want it (see
 * {@link TarnComponent}) and nobody turned it off.
 */
public class TarnHealthCheck implements HealthCheck {
    private final String id;
    private final Lake lake;
    private final BooleanSupplier wanted;
    private volatile boolean enabled = true;

    /** @param wanted whether the component's options want the check now */
    public TarnHealthCheck(String name, Lake lake, BooleanSupplier wanted) {
        this.id = "tarn-" + name;
        this.lake = lake;
        this.wanted = wanted;
    }

    @Override
    public String getGroup() {
        return "tarn";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled && wanted.getAsBoolean();
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isLiveness() {
        // an unreachable storage server is no reason to restart the application
        return false;
    }

    private void probe(RemoteLocation remote) {
        try {
            remote.contains(Key.of(new byte[lake.algorithm().digestSize()]));
        } catch (RuntimeException e) {
            // failFast locations throw on an outage; Reachability has recorded it either way
        }
    }

    /**
     * The folder of a leaf that holds no lake yet (a disk folder only its first write makes a lake), found by asking it
     * for a key: consumers and health checks often start before the first writer, no reason to be down.
     */
    private Optional<Path> notCreatedYet(Location leaf) {
        try {
            leaf.contains(Key.of(new byte[lake.algorithm().digestSize()]));
            return Optional.empty();
        } catch (LakeNotFoundException e) {
            return Optional.of(e.getFolder());
        } catch (RuntimeException e) {
            // a leaf that cannot answer now: this check reports remote outages, not those of local leaves
            return Optional.empty();
        }
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        if (!isEnabled()) {
            // as Camel's own checks answer when disabled: nothing is probed
            return builder.unknown().message("Disabled").detail(CHECK_ENABLED, false).build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        Throwable firstError = null;
        int down = 0;
        Deque<Location> todo = new ArrayDeque<>();
        todo.push(lake.location());
        while (!todo.isEmpty()) {
            Location location = todo.pop();
            if (location.children().isEmpty() && !(location instanceof RemoteLocation)) {
                notCreatedYet(location).ifPresent(folder -> details.put(location.toString(),
                        "UP, not created yet at " + folder + ": the first write creates it"));
            }
            if (location instanceof RemoteLocation remote) {
                probe(remote);
                Reachability reachability = remote.reachability();
                details.put(reachability.location(), reachability.isUp() ? "UP"
                        : "DOWN since " + reachability.downSince().orElseThrow());
                if (!reachability.isUp()) {
                    down++;
                    if (firstError == null) {
                        firstError = reachability.lastError().orElse(null);
                    }
                }
            }
            location.children().forEach(todo::push);
        }
        builder.details(details);
        if (down > 0) {
            return builder.down().message(down + " location(s) of the lake unreachable").error(firstError).build();
        }
        return builder.up().build();
    }
}
