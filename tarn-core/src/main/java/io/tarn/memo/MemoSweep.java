package io.tarn.memo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.lifecycle.IndexSweep;
import io.tarn.location.Entry;

/**
 * gc's side of a memo index: entries whose output is gone from the lake go (a memo lookup would drop them too), and,
 * with {@link #keepingCurrentCode}, a step's entries made by code other than its current code; the outputs of the
 * entries that go, unless an entry that stays references them too, are handed to gc as orphans. Two walks of the index
 * (the second finds the references), so memory grows with what goes, not with the index.
 * <p>
 * An entry is removed without regard to when it was last used: an entry whose output is gone is useless, and one of
 * old code is what {@code keepCurrentCodeOnly} asks to drop (a JVM still running the old code computes it again).
 * Entries that name no step (written before steps were recorded, or by an unnamed lambda) are never dropped for their
 * code.
 */
public final class MemoSweep implements IndexSweep {
    private final MemoIndex index;
    /** step -> digest of its current code; empty: keep every code. */
    private final Map<String, String> currentCode;

    private MemoSweep(MemoIndex index, Map<String, String> currentCode) {
        this.index = index;
        this.currentCode = Map.copyOf(currentCode);
    }

    /** Sweeps entries whose output is gone. */
    public static MemoSweep of(MemoIndex index) {
        return new MemoSweep(index, Map.of());
    }

    /** Also drops each named step's entries of code other than the given digest (step name -> fingerprint digest). */
    public MemoSweep keepingCurrentCode(Map<String, String> steps) {
        return new MemoSweep(index, steps);
    }

    /** {@link #keepingCurrentCode} with the steps of this index running in this JVM ({@link CurrentCode}). */
    public MemoSweep keepingCurrentCodeOnly() {
        return keepingCurrentCode(CurrentCode.of(index));
    }

    @Override
    public Found mark(Predicate<Key> stored, Instant since) {
        List<Key> outputGone = new ArrayList<>();
        List<Key> oldCode = new ArrayList<>();
        Set<Key> orphans = new HashSet<>();
        long[] entries = {0};
        forEachEntry((memoKey, entry) -> {
            entries[0]++;
            if (entry.output() != null && !stored.test(entry.output())) {
                outputGone.add(memoKey);
            } else if (entry.step() != null && currentCode.containsKey(entry.step())
                       && !currentCode.get(entry.step()).equals(entry.code())) {
                oldCode.add(memoKey);
                if (entry.output() != null) {
                    orphans.add(entry.output());
                }
            }
        });
        if (!orphans.isEmpty()) {
            Set<Key> going = new HashSet<>(oldCode);
            forEachEntry((memoKey, entry) -> {
                if (entry.output() != null && !going.contains(memoKey)) {
                    orphans.remove(entry.output());
                }
            });
        }
        return new Found() {
            @Override
            public Set<Key> orphanOutputs() {
                return orphans;
            }

            @Override
            public IndexReport sweep(boolean dryRun) {
                long removed = 0;
                for (Key memoKey : outputGone) {
                    // stored again since it was marked: its output is back, the entry stays
                    Optional<MemoEntry> entry = dryRun ? Optional.empty() : index.read(memoKey);
                    if (dryRun || entry.isPresent() && !stored.test(entry.get().output()) && index.delete(memoKey)) {
                        removed++;
                    }
                }
                for (Key memoKey : oldCode) {
                    if (dryRun || index.delete(memoKey)) {
                        removed++;
                    }
                }
                return new IndexReport(index.toString(), entries[0], outputGone.size(), oldCode.size(), removed);
            }
        };
    }

    private void forEachEntry(BiConsumer<Key, MemoEntry> action) {
        try (Stream<Entry> listed = index.location().contents()) {
            for (Entry listedEntry : (Iterable<Entry>) listed::iterator) {
                index.read(listedEntry.key()).ifPresent(entry -> action.accept(listedEntry.key(), entry));
            }
        }
    }

    @Override
    public String toString() {
        return "sweep of " + index + (currentCode.isEmpty() ? "" : " keeping the current code of " + currentCode.keySet());
    }
}
