package io.tarn.reliability.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.Value;
import io.tarn.location.VerifyReport;
import io.tarn.location.eviction.Capacity;
import io.tarn.reliability.model.Tracked.Status;
import io.tarn.reliability.model.Use.Op;
import io.tarn.reliability.model.Use.Result;

/**
 * The state of one chain: the lake under test (in this JVM and, when a step asks for it, a second one) and the
 * reference model of what it promised. Every step's operations are noted as {@link Use}s and {@link GcRun}s of either
 * process; after the step they are settled against the model and every invariant is checked ({@link #settle}).
 */
public final class LakeModel {
    private static LakeModel current;
    /** The shapes and invariants a survey printed a violation of. */
    private static final Set<String> SURVEYED = ConcurrentHashMap.newKeySet();

    final Shape shape;
    private final Path folder;
    final String spec;
    private Rig rig;
    /** The second JVM, once a step needed it and it opened this tree; null before, and after a kill. */
    private ChildWorker child;
    private int children;
    private final Map<Integer, Tracked> tracked = new TreeMap<>();
    private final List<Held> held = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
    /** What the current step did, in both processes. */
    private final List<Use> uses = new ArrayList<>();
    private final List<GcRun> gcs = new ArrayList<>();
    private boolean evicted;

    /**
     * A value a reader of this process holds open, read at {@code start}; {@code collectable} once a gc ran whose
     * policy allowed it to remove the value (a reader holding a value is no use gc must wait for).
     */
    private static final class Held {
        final int id;
        final Value value;
        final Instant start;
        boolean collectable;
        /** A gc ran since it was read (one that removes). */
        boolean gcSince;

        Held(int id, Value value, Instant start) {
            this.id = id;
            this.value = value;
            this.start = start;
        }
    }

    private LakeModel(Shape shape, Path folder, String spec) {
        this.shape = shape;
        this.folder = folder;
        this.spec = spec;
        this.rig = Rig.open(spec);
    }

    /** A new chain's state: a fresh folder, the shape's spec made in it, the lake opened. */
    static LakeModel start(Shape shape) {
        closeCurrent();
        try {
            Path folder = Files.createTempDirectory("tarn-model-");
            current = new LakeModel(shape, folder, shape.resolver().spec(folder));
            current.perform(new Step.Start());
            current.age(List.of());
            return current;
        } catch (Exception e) {
            throw new IllegalStateException("Could not make the shape " + shape + ": " + e, e);
        }
    }

    /** Opens the shape once, in a fresh folder, and closes it: throws what the parser or the tree throws. */
    public static void open(Shape shape) {
        Path folder;
        try {
            folder = Files.createTempDirectory("tarn-model-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String spec;
            try {
                spec = shape.resolver().spec(folder);
            } catch (Exception e) {
                throw new IllegalStateException("Could not make the shape " + shape + ": " + e, e);
            }
            Rig.open(spec).close();
        } finally {
            delete(folder);
        }
    }

    /** Closes what the last chain left open (its lake, the second JVM's) and deletes its folder. */
    static void closeCurrent() {
        LakeModel last = current;
        current = null;
        if (last != null) {
            last.close();
        }
    }

    // --- the operations the steps run -------------------------------------------------------------------------------

    void write(int id, Set<String> labels, Ops.Mode mode) {
        uses.add(Ops.write("parent", rig.lake, id, labels, mode, inbox()));
    }

    void read(int id, boolean hold) {
        if (!hold) {
            uses.add(Ops.read("parent", rig.lake, id));
            return;
        }
        Instant start = Use.now();
        try {
            Optional<Value> value = rig.lake.read(Values.key(id));
            if (value.isPresent()) {
                held.add(new Held(id, value.get(), start));
                uses.add(new Use("parent", Op.READ, id, start, Use.now(), Result.OK, Set.of(), "held open"));
            } else {
                uses.add(new Use("parent", Op.READ, id, start, Use.now(), Result.MISSING, Set.of(), ""));
            }
        } catch (RuntimeException e) {
            uses.add(new Use("parent", Op.READ, id, start, Use.now(), Result.ERROR, Set.of(), Ops.describe(e)));
        }
    }

    void touch(int id) {
        uses.add(Ops.touch("parent", rig.lake, id));
    }

    void fetch(List<Integer> ids) {
        uses.addAll(Ops.fetch("parent", rig.lake, ids));
    }

    void delete(int id) {
        rig.lake.delete(Values.key(id));
        tracked(id).status = Status.DELETED;
    }

    /** Makes values look last used ten days ago (all that were ever written when {@code ids} is empty). */
    void age(List<Integer> ids) {
        Instant longAgo = Instant.now().minus(Duration.ofDays(10));
        List<Integer> which = ids.isEmpty() ? List.copyOf(tracked.keySet()) : ids;
        for (int id : which) {
            rig.age(Values.key(id), longAgo);
            tracked(id).aged(longAgo);
        }
    }

    void gc(GcRun.Kind kind) {
        gcs.add(Ops.gc("parent", rig.lake, kind));
    }

    void evict() {
        rig.evict();
        evicted = true;
    }

    /** Closes the values held open, checking each still reads in full and hashes to its key. */
    void release() {
        for (Held value : held) {
            Use use = Ops.check("parent", value.id, value.start, value.value);
            Tracked t = tracked(value.id);
            if (use.result() == Result.WRONG_BYTES) {
                violation(Invariant.KEY_NAMES_BYTES, "a value held open since " + value.start + " read other bytes: "
                                                     + use);
            } else if (use.result() != Result.OK && t.status == Status.PROMISED && !value.collectable) {
                // a gc that removed the copy a reader holds removed a value used since its cut-off
                violation(value.gcSince ? Invariant.GC_KEEPS_USED : Invariant.HELD_READABLE, Values.name(value.id)
                          + ", read at " + value.start + " and held open, could not be read when closed"
                          + (value.gcSince ? " after a gc" : "") + ": " + use);
            }
        }
        held.clear();
    }

    /** Closes the lake and its CamelContext and opens them again, as a restarted application does. */
    void restart() {
        release();
        rig.close();
        rig = Rig.open(spec);
    }

    /**
     * Has the second JVM run {@code ops} while this one runs {@code during}, both at once (this one starts once the
     * child has started its burst).
     */
    void concurrently(List<String> ops, Runnable during) {
        ChildWorker worker = child();
        int burst = worker.send(ops);
        during.run();
        worker.awaitDone(burst);
        collect(worker.newLines());
    }

    /** Has the second JVM run {@code ops} and kills it with SIGKILL after it logged {@code lines} of them. */
    void killChild(List<String> ops, int lines) {
        ChildWorker worker = child();
        int burst = worker.send(ops);
        worker.killAfter(burst, lines);
        child = null;
        collect(worker.newLines());
        VerifyReport report = rig.lake.verify(false);
        if (!report.corrupt().isEmpty()) {
            violation(Invariant.KEY_NAMES_BYTES, "after the child was killed, verify found corrupt values: "
                                                 + report.corrupt());
        }
    }

    /** The second JVM, on this tree: the one the chains share, opening this tree the first time a step needs it. */
    private ChildWorker child() {
        if (child == null) {
            child = ChildWorker.shared();
            child.open(spec, folder.resolve("child-" + ++children));
        }
        return child;
    }

    private void collect(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("U ")) {
                uses.add(Use.parse(line));
            } else if (line.startsWith("G ")) {
                gcs.add(GcRun.parse(line));
            } else if (line.startsWith("E ")) {
                evicted = true;
            }
        }
    }

    // --- the steps and the checks ------------------------------------------------------------------------------------

    /** Runs one step, then settles what it did against the model and checks every invariant. */
    void perform(Step step) {
        steps.add(step.toString());
        step.run(this);
        settle();
    }

    /**
     * The end of a chain: every value held open is checked and closed, the child says goodbye, and every value still
     * promised is read back through the tree and hashes to its key; verify finds nothing corrupt.
     */
    void finish() {
        steps.add("(end: read back every promised value)");
        release();
        if (child != null) {
            child.closeTree();
            collect(child.newLines());
            child = null;
        }
        settle();
        for (Tracked t : tracked.values()) {
            if (t.status == Status.PROMISED) {
                Use use = Ops.read("parent", rig.lake, t.id);
                if (use.result() == Result.WRONG_BYTES) {
                    violation(Invariant.KEY_NAMES_BYTES, "read back at the end: " + use);
                } else if (use.result() != Result.OK) {
                    violation(Invariant.ACKED_STAYS, t + " could not be read back at the end: " + use);
                }
            }
        }
        VerifyReport report = rig.lake.verify(false);
        if (!report.corrupt().isEmpty()) {
            violation(Invariant.KEY_NAMES_BYTES, "verify found corrupt values: " + report.corrupt());
        }
    }

    /** Settles the step's uses and gc runs against the model, then checks the invariants that hold between steps. */
    private void settle() {
        Map<Integer, Instant> usedBefore = new TreeMap<>();
        tracked.values().forEach(t -> usedBefore.put(t.id, t.lastUse));
        List<Use> failed = new ArrayList<>();
        for (Use use : uses.stream().sorted(Comparator.comparing(Use::start)).toList()) {
            Tracked t = tracked(use.id());
            switch (use.result()) {
                case OK -> {
                    if (use.op() == Op.WRITE) {
                        t.promised(use.labels(), use.end());
                    }
                    t.used(use);
                }
                case WRONG_BYTES -> violation(Invariant.KEY_NAMES_BYTES, use.toString());
                case DECLINED -> {
                    // nothing acknowledged, nothing promised
                }
                default -> failed.add(use);
            }
        }
        for (GcRun gc : gcs) {
            if (gc.refusal() != null && rig.leaves.stream().map(leaf -> leaf.location().toString())
                    .noneMatch(leaf -> gc.refusal().contains(leaf)
                            || gc.refusal().contains(leaf.replace("'", "").replace("disk:", "")))) {
                violation(Invariant.GC_KEEPS_USED, "gc failed without naming a location of the tree: " + gc);
            }
        }
        for (Tracked t : tracked.values()) {
            if (t.status != Status.PROMISED) {
                continue;
            }
            Key key = Values.key(t.id);
            if (rig.durableCopy(key)) {
                t.durableSeen = true;
                continue;
            }
            if (gcs.stream().anyMatch(gc -> gc.mayRemove(t.lastUse, t.labels))) {
                t.status = Status.REMOVED;
                continue;
            }
            String where = " (held by " + rig.holders(key) + ")";
            if (!t.durableSeen) {
                violation(Invariant.DURABLE_COPY, t + " was acknowledged, but no location that keeps values holds it"
                                                  + where);
            } else if (gcs.stream().anyMatch(gc -> gc.removes() && !t.lastUse.isBefore(gc.started()))) {
                violation(Invariant.USE_GC_ORDERED, t + " was used after a gc started, and removed: " + gcs);
            } else if (!gcs.isEmpty()) {
                violation(Invariant.GC_KEEPS_USED, t + " was removed by " + gcs + where);
            } else {
                violation(Invariant.ACKED_STAYS, t + " is gone" + (evicted ? " after an eviction batch" : "") + where);
            }
            t.status = Status.LOST;
        }
        for (Use use : failed) {
            judge(use, usedBefore.get(use.id()));
        }
        for (Held value : held) {
            Tracked t = tracked(value.id);
            value.collectable |= gcs.stream().anyMatch(gc -> gc.mayRemove(t.lastUse, t.labels));
            value.gcSince |= gcs.stream().anyMatch(GcRun::removes);
        }
        checkCapacity();
        uses.clear();
        gcs.clear();
        evicted = false;
    }

    /** A use that did not succeed: right only when the value was not there to be had. */
    private void judge(Use use, Instant usedBefore) {
        Tracked t = tracked(use.id());
        boolean gcBefore = gcs.stream().anyMatch(gc -> !use.start().isBefore(gc.started()));
        // a gc of this step that may have removed the value (as it stood before the step) excuses not finding it: a
        // write of this step may have stored it again since
        boolean collectable = gcs.stream().anyMatch(gc -> gc.mayRemove(usedBefore, t.labels));
        boolean promisedBefore = t.status == Status.PROMISED && t.promisedAt != null
                                 && use.start().isAfter(t.promisedAt) && !collectable;
        switch (use.result()) {
            case MISSING -> {
                if (promisedBefore) {
                    violation(Invariant.ACKED_STAYS, use + ": missing, though the lake holds " + t);
                }
            }
            case GONE -> {
                if (gcBefore && use.op() != Op.WRITE) {
                    violation(Invariant.USE_GC_ORDERED, use + ": found after a gc started, then gone: " + gcs);
                } else if (promisedBefore) {
                    violation(evicted ? Invariant.HELD_READABLE : Invariant.ACKED_STAYS, use + ": found, then gone");
                }
            }
            default -> {
                if (use.op() == Op.WRITE) {
                    violation(gcs.isEmpty() ? Invariant.WRITES_SUCCEED : Invariant.USE_GC_ORDERED,
                              use + (gcs.isEmpty() ? "" : " while " + gcs + " ran"));
                } else {
                    violation(gcs.isEmpty() ? Invariant.ACKED_STAYS : Invariant.USE_GC_ORDERED,
                              use + ": an error is no answer" + (gcs.isEmpty() ? "" : " (while " + gcs + " ran)"));
                }
            }
        }
    }

    /**
     * Every bounded level holds at most its capacity, one batch more, and what readers hold open, of the values it
     * may evict (those a durable location holds too).
     */
    private void checkCapacity() {
        for (Rig.Bounded level : rig.bounded) {
            Capacity capacity = level.evictor().capacity();
            long[] holds = rig.evictable(level);
            long open = held.size();
            if (capacity.values() > 0) {
                long allowed = capacity.values() + batch(capacity.values(), capacity.lowWatermark()) + open;
                if (holds[0] > allowed) {
                    violation(Invariant.CAPACITY, level + " holds " + holds[0] + " values it may evict, more than "
                                                  + allowed + " (capacity, one batch, " + open + " held open)");
                }
            }
            if (capacity.bytes() > 0) {
                long largest = Values.size(3) + Values.UNIVERSE;
                long allowed = capacity.bytes() + batch(capacity.bytes(), capacity.lowWatermark())
                               + largest * (1 + open);
                if (holds[1] > allowed) {
                    violation(Invariant.CAPACITY, level + " holds " + holds[1] + " bytes, more than " + allowed);
                }
            }
        }
    }

    private static long batch(long bound, double lowWatermark) {
        return Math.max(1, bound - (long) (bound * lowWatermark));
    }

    /** A violation fails the sequence (which {@link Sequences} shrinks and prints). */
    private void violation(Invariant invariant, String message) {
        String what = invariant.text + ": " + message;
        String after = what + "\n    after the steps: " + String.join("; ", steps);
        if (survey()) {
            if (SURVEYED.add(shape.name() + " " + invariant)) {
                System.out.println("SURVEY: " + invariant + " on " + shape.name() + ": " + after);
            }
            return;
        }
        throw new Invariant.Violation(invariant, "on " + shape.name() + " (" + spec + "), at the step '"
                                                 + steps.get(steps.size() - 1) + "': " + what);
    }

    /**
     * {@code -Dtarn.model.survey=true}: no violation fails; the first of each shape and invariant is printed, to see at
     * once what a change breaks everywhere.
     */
    static boolean survey() {
        return Boolean.getBoolean("tarn.model.survey");
    }

    private Tracked tracked(int id) {
        return tracked.computeIfAbsent(id, Tracked::new);
    }

    private Path inbox() {
        try {
            return Files.createDirectories(folder.resolve("inbox"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the lake; the second JVM closes this tree too (it is killed if it does not, and a new one started). */
    private void close() {
        try {
            if (child != null) {
                child.closeTreeOrKill();
            }
            for (Held value : held) {
                try {
                    value.value.close();
                } catch (IOException e) {
                    // closing only
                }
            }
            rig.close();
        } finally {
            delete(folder);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a folder under the temporary directory; what is left is small
        }
    }

    @Override
    public String toString() {
        return shape.name() + ": " + tracked.values();
    }
}
