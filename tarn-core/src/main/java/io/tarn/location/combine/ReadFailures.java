package io.tarn.location.combine;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

import io.tarn.CorruptionException;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.TarnException;
import io.tarn.Value;
import io.tarn.location.FailureLog;
import io.tarn.location.Location;

/**
 * What a combinator's read remembers of members that could not answer while it walks them: a corrupt copy (see
 * {@link Verified}) or a member that failed ({@link LocationException}: an I/O error, a refused folder) is passed
 * over like a miss, so that an intact copy elsewhere is still found. The first failure is thrown only when no member
 * had the value, the others attached to it: then the value may exist where the read failed, and a miss would be a
 * wrong answer.
 */
final class ReadFailures {
    private TarnException first;

    /** The member's answer, or empty when it has no value, a corrupt copy, or failed (remembered, and logged). */
    <T> Optional<T> ask(Location member, Key key, FailureLog log, BiFunction<Location, Key, Optional<T>> read) {
        try {
            Optional<T> answer = read.apply(member, key);
            log.worked();
            return answer;
        } catch (CorruptionException e) {
            remember(e);
            return Optional.empty();
        } catch (LocationException e) {
            log.failed("key " + key.hex(), e);
            remember(e);
            return Optional.empty();
        }
    }

    /** Whether the member holds the key; false when it failed (remembered). */
    boolean contains(Location member, Key key, FailureLog log) {
        return ask(member, key, log, ReadFailures::holds).isPresent();
    }

    private static Optional<Boolean> holds(Location member, Key key) {
        return member.contains(key) ? Optional.of(Boolean.TRUE) : Optional.empty();
    }

    /**
     * Asks a member for several keys, handing each value it has to {@code hit}; returns the keys it did not hand on:
     * those it does not have, and, when it fails part way, those it had not answered yet (the failure is remembered).
     */
    List<Key> batch(Location member, List<Key> keys, FailureLog log, BiConsumer<Key, Value> hit) {
        Set<Key> found = new HashSet<>();
        ask(member, keys.get(0), log, (m, first) -> {
            m.readBatch(keys, (key, value) -> {
                if (value.isPresent()) {
                    found.add(key);
                    hit.accept(key, value.get());
                }
            });
            return Optional.of(Boolean.TRUE);
        });
        return keys.stream().filter(key -> !found.contains(key)).toList();
    }

    /** Ends a batch read: the keys no member had are misses, unless a member failed (then that failure is thrown). */
    void none(List<Key> missing, BiConsumer<Key, Optional<Value>> sink) {
        if (!missing.isEmpty()) {
            none();
        }
        missing.forEach(key -> sink.accept(key, Optional.empty()));
    }

    private void remember(TarnException e) {
        if (first == null) {
            first = e;
        } else if (first != e) {
            first.addSuppressed(e);
        }
    }

    /** The result of a read that found no intact copy: empty, or the failure seen on the way. */
    <T> Optional<T> none() {
        if (first != null) {
            throw first;
        }
        return Optional.empty();
    }
}
