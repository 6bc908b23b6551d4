package io.tarn.location;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells of a failure that does not fail the operation it happens in (copying a value up into a cache level, a level
 * passed over on read, a usage mark that cannot be updated) once per outage: one WARN when that part of the tree
 * starts failing, DEBUG while it goes on failing, one INFO when it works again. Thread-safe; {@link #worked()} costs
 * one volatile read while nothing fails.
 */
public final class FailureLog {
    private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);

    private final String what;
    private final String consequence;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param what        the action and where, e.g. "Copying values up into level 0 (disk:/mnt/ssd)"
     * @param consequence what happens instead, e.g. "reads are served from the lower levels"
     */
    public FailureLog(String what, String consequence) {
        this.what = what;
        this.consequence = consequence;
    }

    /** The action failed for {@code subject} (a key, a file). */
    public void failed(String subject, Throwable cause) {
        failed(subject, message(cause));
    }

    /** The action failed for {@code subject} (a key, a file), for the reason given. */
    public void failed(String subject, String reason) {
        if (failing.compareAndSet(false, true)) {
            LOG.warn("{} failed for {}: {}; {}. Logged once until it works again.", what, subject, reason, consequence);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{} failed again for {}: {}", what, subject, reason);
        }
    }

    /** The action worked. */
    public void worked() {
        if (failing.get() && failing.compareAndSet(true, false)) {
            LOG.info("{} works again", what);
        }
    }

    private static String message(Throwable cause) {
        return cause == null ? "no reason given" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
