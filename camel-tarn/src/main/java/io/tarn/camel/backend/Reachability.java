package io.tarn.camel.backend;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.LocationException;
import io.tarn.TarnException;
import io.tarn.Value;
import io.tarn.location.Declines;

/**
 * Whether a remote location's server answers, shared by every remote location. A call that fails because the server
 * cannot be reached turns into the caller's fallback (a miss on read, a decline on write), logs one WARN when the
 * outage starts and one INFO when it ends, and is retried by itself: while down, calls within {@code retryAfter} of
 * the last failure skip the server. With {@code failFast} the outage is a {@link LocationException} instead.
 * Errors that are not about reaching the server (a collision, a refused credential) always propagate.
 */
public final class Reachability {
    private static final Logger LOG = LoggerFactory.getLogger(Reachability.class);
    private static final Set<Class<? extends Throwable>> NETWORK = Set.of(
            ConnectException.class, NoRouteToHostException.class, UnknownHostException.class, SocketException.class,
            EOFException.class, InterruptedIOException.class, ClosedChannelException.class);

    private final String location;
    private final boolean failFast;
    /** The default time an unreachable server is skipped after a failure, for every remote location. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final Duration retryAfter;
    private final Predicate<Throwable> outage;
    private final AtomicLong outages = new AtomicLong();
    private volatile Instant downSince;
    private volatile Instant lastFailure;
    private volatile Throwable lastError;

    /**
     * @param location   names the location in logs and errors (no credentials)
     * @param outage     tells the transport's own "cannot reach the server" errors; network exceptions in the cause
     *                   chain always count
     */
    public Reachability(String location, boolean failFast, Duration retryAfter, Predicate<Throwable> outage) {
        this.location = location;
        this.failFast = failFast;
        this.retryAfter = retryAfter;
        this.outage = outage == null ? t -> false : outage;
    }

    /** With the outage options of a backend's settings. */
    public Reachability(String location, RemoteSettings<?> settings, Predicate<Throwable> outage) {
        this(location, settings.failFast(), settings.retryAfter(), outage);
    }

    public Reachability(String location, boolean failFast) {
        this(location, failFast, RETRY_AFTER, null);
    }

    /** A call to the server. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws Exception;
    }

    /**
     * Runs a call to the server; an outage gives {@code whenDown} (or a LocationException with failFast).
     *
     * @param what names the action for messages, e.g. "read a948904f..."
     */
    public <T> T call(String what, Call<T> call, Supplier<T> whenDown) {
        Instant failed = lastFailure;
        if (downSince != null && failed != null && Instant.now().isBefore(failed.plus(retryAfter))) {
            return down(what, lastError, whenDown);
        }
        T result;
        try {
            result = call.call();
        } catch (Exception e) {
            if (!isOutage(e)) {
                if (e instanceof TarnException tarn) {
                    throw tarn;
                }
                throw new LocationException(location + " could not " + what + ": " + e, e);
            }
            markDown(e);
            return down(what, e, whenDown);
        }
        markUp();
        return result;
    }

    /** What a write gives while the server cannot be reached: a decline that says so. */
    public Optional<Value> declined() {
        Throwable cause = lastError;
        return Declines.decline(location, "unreachable" + (cause == null ? "" : " (" + cause.getMessage() + ")"));
    }

    private <T> T down(String what, Throwable cause, Supplier<T> whenDown) {
        if (failFast) {
            throw new LocationException(location + " is unreachable, could not " + what + ": " + cause
                                        + " (failFast is on; turn it off to treat an outage as a miss)", cause);
        }
        return whenDown.get();
    }

    /**
     * Whether the throwable, one of its causes, or an exception suppressed along the way (a retry that could not
     * connect) says the server cannot be reached.
     */
    public boolean isOutage(Throwable thrown) {
        return isOutage(thrown, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private boolean isOutage(Throwable thrown, Set<Throwable> seen) {
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            for (Class<? extends Throwable> type : NETWORK) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            if (outage.test(t)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (isOutage(suppressed, seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void markDown(Throwable error) {
        lastError = error;
        lastFailure = Instant.now();
        if (downSince == null) {
            synchronized (this) {
                if (downSince == null) {
                    downSince = lastFailure;
                    outages.incrementAndGet();
                    LOG.warn("{} is unreachable: {}. Reads miss and writes are declined until it is back.", location,
                            error.toString());
                }
            }
        }
    }

    private void markUp() {
        if (downSince != null) {
            synchronized (this) {
                if (downSince != null) {
                    LOG.info("{} is reachable again after {}", location,
                            Duration.between(downSince, Instant.now()).toMillis() + " ms");
                    downSince = null;
                }
            }
        }
    }

    public boolean isUp() {
        return downSince == null;
    }

    /** When the current outage started, if there is one. */
    public Optional<Instant> downSince() {
        return Optional.ofNullable(downSince);
    }

    /** The error of the last failed call, if the location is down. */
    public Optional<Throwable> lastError() {
        return downSince == null ? Optional.empty() : Optional.ofNullable(lastError);
    }

    /** How many outages started since the location was created (one WARN each). */
    public long outages() {
        return outages.get();
    }

    public boolean isFailFast() {
        return failFast;
    }

    public String location() {
        return location;
    }
}
