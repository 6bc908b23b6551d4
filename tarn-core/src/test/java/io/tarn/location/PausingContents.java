package io.tarn.location;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A location whose listing runs {@code pause} before it gives its second value; everything else is the inner one's. */
public final class PausingContents extends ForwardingLocation {
    private final Runnable pause;

    public PausingContents(Location inner, Runnable pause) {
        super(inner);
        this.pause = pause;
    }

    @Override
    public Stream<Entry> contents() {
        // listed first, so that the pause comes exactly when the second value is asked for
        List<Entry> entries;
        try (Stream<Entry> all = inner.contents()) {
            entries = all.toList();
        }
        AtomicInteger listed = new AtomicInteger();
        return entries.stream().peek(entry -> {
            if (listed.incrementAndGet() == 2) {
                pause.run();
            }
        });
    }
}
