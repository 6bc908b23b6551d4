package io.tarn.location;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.tarn.Key;

/**
 * A location whose listing runs {@code pause} before it gives its second value, in its contents and, when it offers
 * them, its ordered keys (the inner one's, or none: a location listed in no order, as Redis or SFTP); everything else
 * is the inner one's.
 */
public final class PausingContents extends ForwardingLocation {
    private final Runnable pause;
    private final boolean ordered;

    /** Listed in order, as the inner location lists it. */
    public PausingContents(Location inner, Runnable pause) {
        this(inner, pause, true);
    }

    public PausingContents(Location inner, Runnable pause, boolean ordered) {
        super(inner);
        this.pause = pause;
        this.ordered = ordered;
    }

    @Override
    public Stream<Entry> contents() {
        return pausing(inner.contents());
    }

    @Override
    public Optional<OrderedKeys> orderedKeys() {
        if (!ordered) {
            return Optional.empty();
        }
        return inner.orderedKeys().map(keys -> (Key after) -> pausing(keys.keysAfter(after)));
    }

    private <T> Stream<T> pausing(Stream<T> listing) {
        // listed first, so that the pause comes exactly when the second value is asked for
        List<T> items;
        try (Stream<T> all = listing) {
            items = all.toList();
        }
        AtomicInteger listed = new AtomicInteger();
        return items.stream().peek(item -> {
            if (listed.incrementAndGet() == 2) {
                pause.run();
            }
        });
    }
}
