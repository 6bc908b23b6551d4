package io.tarn.memo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.tarn.Key;
import io.tarn.location.FailureLog;
import io.tarn.memo.MissReason.Change;
import io.tarn.memo.MissReason.Kind;
import io.tarn.memo.StepRun.Recorded;

/**
 * Each memoized step's last runs, kept in the memo index beside the entries, to say why a step missed
 * ({@link MissReason}): what differs between this run and the last one with the same input (its code or a selected
 * header changed), else the last one of the step (its input changed, and maybe more).
 * <p>
 * Canonical JSON like the entries: <em>run records</em>
 * {@code {"code": <fingerprint digest>, "format": "tarn-memo-step/1", "input": ..., "parts": <key>, "selected": {...}}},
 * the step's last under the digest of {@code tarn-memo-step/1\n<step>}, the last with an input under the digest of
 * {@code tarn-memo-step/1\n<step>\ninput <input>}, replaced on each miss that differs from them (a delete, then a
 * write: each write is whole, so a reader sees the old record, the new one or none, never a torn one; of two JVMs
 * writing at once the first write is kept); and the <em>code record</em>
 * {@code {"format": "tarn-memo-code/1", "parts": {<part>: <digest>...}}} under its own digest, written once per code
 * version and never changed. Nothing here fails a step: a record that cannot be read, written or understood (an older
 * format) makes the reason {@code unknown}, or {@code first run}, and is logged once per outage.
 */
public final class StepHistory {
    static final String STEP_FORMAT = "tarn-memo-step/1";
    static final String CODE_FORMAT = "tarn-memo-code/1";

    private final MemoIndex index;
    private final FailureLog failures;
    /** The step record this JVM wrote last per step key: covers the moment between a replacement's delete and write. */
    private final Map<String, Recorded> known = new ConcurrentHashMap<>();

    public StepHistory(MemoIndex index) {
        this.index = index;
        this.failures = new FailureLog("Keeping the last run of memoized steps in the " + index,
                "miss reasons say 'unknown' or 'first run of this step' where they could say more");
    }

    /** Why a run of the step missed, and what was recorded of its last runs; never throws. */
    public Explained explain(String step, StepRun run) {
        Found forInput;
        Found latest;
        try {
            forInput = find(inputKey(step, run.input()), false);
            latest = find(stepKey(step), true);
            failures.worked();
        } catch (RuntimeException e) {
            failures.failed("step " + step, e);
            return new Explained(MissReason.of(Kind.UNKNOWN, "the last run's record cannot be read: " + e.getMessage()),
                    null, null);
        }
        MissReason reason;
        if (forInput.record() != null) {
            reason = compare(forInput.record(), run);   // this input ran before: its code or headers changed
        } else if (latest.record() != null) {
            reason = compare(latest.record(), run);
        } else if (forInput.present() || latest.present()) {
            reason = MissReason.of(Kind.UNKNOWN, "the last run's record is of another format");
        } else {
            reason = MissReason.of(Kind.FIRST_RUN, "no previous run recorded");
        }
        return new Explained(reason, forInput.record(), latest.record());
    }

    /** A record in the index: absent, present but not readable as one (null), or read. */
    private record Found(boolean present, Recorded record) {
    }

    private Found find(Key key, boolean stepRecord) {
        Optional<byte[]> bytes = index.readBytes(key);
        if (bytes.isPresent()) {
            return new Found(true, Recorded.parse(bytes.get()));
        }
        Recorded replacing = stepRecord ? known.get(key.hex()) : null;   // between the delete and the write
        return new Found(replacing != null, replacing);
    }

    private MissReason compare(Recorded last, StepRun run) {
        List<Change> changes = new ArrayList<>();
        if (!last.code().equals(run.code().digest())) {
            Fingerprint before = parts(last.parts());
            changes.add(new Change(Kind.CODE_CHANGED, before == null ? List.of("the last run's parts are not recorded")
                    : PartsDiff.of(before, run.code())));
        }
        List<String> headers = new ArrayList<>();
        run.headers().forEach((name, value) -> {
            if (!value.equals(last.headers().get(name))) {
                headers.add(name);
            }
        });
        last.headers().keySet().stream().filter(name -> !run.headers().containsKey(name)).forEach(headers::add);
        if (!headers.isEmpty()) {
            changes.add(new Change(Kind.HEADER_CHANGED, headers));
        }
        if (!last.input().equals(run.input())) {
            changes.add(new Change(Kind.INPUT_CHANGED, List.of()));
        }
        if (changes.isEmpty()) {
            changes.add(new Change(Kind.UNKNOWN, List.of("the same input, headers and code as the last run, whose index"
                    + " entry is gone (deleted, or that run was not memoized)")));
        }
        return new MissReason(changes);
    }

    private Fingerprint parts(String key) {
        try {
            return index.readBytes(index.algorithm().parseKey(key)).map(Recorded::parseParts).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Records the run as the step's last, and as the last with its input, where it differs from what
     * {@link #explain} read; never throws.
     */
    public void record(String step, StepRun run, Explained explained) {
        Recorded forInput = explained.forInput;
        Recorded latest = explained.latest;
        boolean inputSame = forInput != null && forInput.same(run);
        boolean latestSame = latest != null && latest.same(run);
        if (inputSame && latestSame) {
            return;
        }
        try {
            byte[] record = run.toJson(partsKey(run, forInput, latest));
            if (!inputSame) {
                replace(inputKey(step, run.input()), record);
            }
            if (!latestSame) {
                Key stepKey = stepKey(step);
                known.put(stepKey.hex(), Recorded.parse(record));
                replace(stepKey, record);
            }
            failures.worked();
        } catch (RuntimeException e) {
            failures.failed("step " + step, e);
        }
    }

    /** The key of the run's code record: one of the last runs', or a code record written now. */
    private String partsKey(StepRun run, Recorded... last) {
        for (Recorded recorded : last) {
            if (recorded != null && recorded.code().equals(run.code().digest())) {
                return recorded.parts();
            }
        }
        byte[] parts = run.partsJson();
        Key key = index.algorithm().digest(parts);
        index.writeBytes(key, parts);
        return key.hex();
    }

    /** A delete, then a write: a reader finds the old record, the new one or none; of two writers the first wins. */
    private void replace(Key key, byte[] record) {
        index.delete(key);
        index.writeBytes(key, record);
    }

    private Key stepKey(String step) {
        return index.algorithm().digest((STEP_FORMAT + "\n" + step).getBytes(StandardCharsets.UTF_8));
    }

    private Key inputKey(String step, String input) {
        return index.algorithm().digest((STEP_FORMAT + "\n" + step + "\ninput " + input).getBytes(StandardCharsets.UTF_8));
    }

    /** A miss's reason, and the step's last runs as recorded, with this input and with any (null when none was read). */
    public static final class Explained {
        private final MissReason reason;
        private final Recorded forInput;
        private final Recorded latest;

        Explained(MissReason reason, Recorded forInput, Recorded latest) {
            this.reason = reason;
            this.forInput = forInput;
            this.latest = latest;
        }

        public MissReason reason() {
            return reason;
        }
    }
}
