package io.tarn.location.eviction;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.Value;

/**
 * A value that holds something until it is closed, and lets it go once, however often closed: a disk lake's value
 * holds its key in use, so no gc or eviction of any process removes it while it is open.
 * <p>
 * A value its user drops without closing it is let go when the garbage collector finds it unreachable, with a WARN
 * (the first one at WARN, the rest at DEBUG): a key held until the JVM ends would be kept from every gc and eviction
 * of every process, and a bounded level could never get back under its capacity. A stream opened from the value
 * reads on after that (an open file survives its removal); a path taken from {@link #file()} is safe to read only while
 * the value is open.
 */
public final class PinnedValue extends ForwardingValue {
    private static final Logger LOG = LoggerFactory.getLogger(PinnedValue.class);
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final Unpin unpin;
    private final Cleaner.Cleanable cleanable;

    /** The value, and what closing it lets go (run once, after the value itself is closed). */
    public PinnedValue(Value value, Runnable unpin) {
        super(value);
        this.unpin = new Unpin(unpin, value);
        this.cleanable = CLEANER.register(this, this.unpin);
    }

    /**
     * Lets go once: on close, or, with a warning, when the value was dropped unclosed. Holds the wrapped value (named
     * in the warning only), never this one.
     */
    private static final class Unpin implements Runnable {
        private final Runnable unpin;
        private final Value what;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile boolean closed;

        Unpin(Runnable unpin, Value what) {
            this.unpin = unpin;
            this.what = what;
        }

        @Override
        public void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (!closed) {
                String message = "A value was dropped without being closed ({}): released now that it is collected."
                                 + " Close every value read from a lake (try-with-resources): until then, no gc or"
                                 + " eviction of any process removes it";
                if (WARNED.compareAndSet(false, true)) {
                    LOG.warn(message, what);
                } else {
                    LOG.debug(message, what);
                }
            }
            unpin.run();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            value.close();
        } finally {
            unpin.closed = true;
            cleanable.clean();
        }
    }
}
