package io.tarn.reliability.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One step of a chain: what it does to the lake, and, as its {@code toString()}, what a person reads in a shrunk
 * sequence; its simpler forms are what shrinking tries in its place.
 */
interface Step {

    void run(LakeModel model);

    /** Forms of this step with simpler arguments, the simplest first; none when it is as simple as it gets. */
    default List<Step> simpler() {
        return List.of();
    }

    /** The shorter lists: each one element shorter. */
    private static <T> List<List<T>> shorter(List<T> list) {
        List<List<T>> shorter = new ArrayList<>();
        for (int i = 0; list.size() > 1 && i < list.size(); i++) {
            List<T> without = new ArrayList<>(list);
            without.remove(i);
            shorter.add(without);
        }
        return shorter;
    }

    private static String labelText(Set<String> labels) {
        return labels.isEmpty() ? "" : " " + labels;
    }

    private static String names(List<Integer> ids) {
        return ids.stream().map(Values::name).collect(Collectors.joining(" "));
    }

    /**
     * How every chain starts: the lake holds history. v0 to v3 are stored, v0 and v1 were read (so that cache levels
     * hold them), and all were last used ten days ago.
     */
    record Start() implements Step {
        static final List<Integer> STORED = List.of(0, 1, 2, 3);

        public void run(LakeModel model) {
            STORED.forEach(id -> model.write(id, Set.of(), Ops.Mode.BYTES));
            model.read(0, false);
            model.read(1, false);
        }

        @Override
        public String toString() {
            return "(start: v0 v1 v2 v3 stored, v0 v1 read, all aged by 10 days)";
        }
    }

    record Write(int id, Set<String> labels, Ops.Mode mode) implements Step {
        public void run(LakeModel model) {
            model.write(id, labels, mode);
        }

        @Override
        public List<Step> simpler() {
            List<Step> simpler = new ArrayList<>();
            if (!labels.isEmpty()) {
                simpler.add(new Write(id, Set.of(), mode));
            }
            if (mode != Ops.Mode.BYTES) {
                simpler.add(new Write(id, labels, Ops.Mode.BYTES));
            }
            return simpler;
        }

        @Override
        public String toString() {
            return "write " + Values.name(id) + (Values.large(id) ? " (large)" : "") + labelText(labels)
                   + (mode == Ops.Mode.BYTES ? "" : " as " + mode.name().toLowerCase());
        }
    }

    record Read(int id, boolean hold) implements Step {
        public void run(LakeModel model) {
            model.read(id, hold);
        }

        @Override
        public List<Step> simpler() {
            return hold ? List.of(new Read(id, false)) : List.of();
        }

        @Override
        public String toString() {
            return "read " + Values.name(id) + (hold ? " and hold it open" : "");
        }
    }

    record Touch(int id) implements Step {
        public void run(LakeModel model) {
            model.touch(id);
        }

        @Override
        public String toString() {
            return "touch " + Values.name(id);
        }
    }

    record Delete(int id) implements Step {
        public void run(LakeModel model) {
            model.delete(id);
        }

        @Override
        public String toString() {
            return "delete " + Values.name(id);
        }
    }

    record Fetch(List<Integer> ids) implements Step {
        public void run(LakeModel model) {
            model.fetch(ids);
        }

        @Override
        public List<Step> simpler() {
            return shorter(ids).stream().<Step>map(Fetch::new).toList();
        }

        @Override
        public String toString() {
            return "fetch " + names(ids);
        }
    }

    /** Makes values look last used ten days ago: their usage marks and files (all values when none is named). */
    record Age(List<Integer> ids) implements Step {
        public void run(LakeModel model) {
            model.age(ids);
        }

        @Override
        public List<Step> simpler() {
            return shorter(ids).stream().<Step>map(Age::new).toList();
        }

        @Override
        public String toString() {
            return ids.isEmpty() ? "age every value by 10 days" : "age " + names(ids) + " by 10 days";
        }
    }

    record Gc(GcRun.Kind kind) implements Step {
        public void run(LakeModel model) {
            model.gc(kind);
        }

        @Override
        public List<Step> simpler() {
            return kind == GcRun.Kind.AGE ? List.of() : List.of(new Gc(GcRun.Kind.AGE));
        }

        @Override
        public String toString() {
            return kind.toString();
        }
    }

    record Evict() implements Step {
        public void run(LakeModel model) {
            model.evict();
        }

        @Override
        public String toString() {
            return "eviction batch";
        }
    }

    record Restart() implements Step {
        public void run(LakeModel model) {
            model.restart();
        }

        @Override
        public String toString() {
            return "restart (close the lake and its CamelContext, open them again)";
        }
    }

    record Release() implements Step {
        public void run(LakeModel model) {
            model.release();
        }

        @Override
        public String toString() {
            return "close the values held open (reading each first)";
        }
    }

    /** One operation of the second JVM. */
    record ChildOp(char op, int id, Set<String> labels, Ops.Mode mode, GcRun.Kind gc) {
        static ChildOp write(int id, Set<String> labels, Ops.Mode mode) {
            return new ChildOp('w', id, labels, mode, null);
        }

        static ChildOp use(char op, int id) {
            return new ChildOp(op, id, Set.of(), null, null);
        }

        static ChildOp gc(GcRun.Kind kind) {
            return new ChildOp('g', -1, Set.of(), null, kind);
        }

        static ChildOp evict() {
            return new ChildOp('e', -1, Set.of(), null, null);
        }

        /** A plain write (no labels, as bytes), or none. */
        List<ChildOp> simpler() {
            return op == 'w' && (!labels.isEmpty() || mode != Ops.Mode.BYTES)
                    ? List.of(write(id, Set.of(), Ops.Mode.BYTES)) : List.of();
        }

        String command() {
            return switch (op) {
                case 'w' -> "w:" + id + ":" + (labels.isEmpty() ? "-" : String.join(",", labels)) + ":" + mode;
                case 'g' -> "g:" + gc.name();
                case 'e' -> "e";
                default -> op + ":" + id;
            };
        }

        @Override
        public String toString() {
            return switch (op) {
                case 'w' -> "write " + Values.name(id) + labelText(labels);
                case 'r' -> "read " + Values.name(id);
                case 't' -> "touch " + Values.name(id);
                case 'f' -> "fetch " + Values.name(id);
                case 'g' -> gc.toString();
                default -> "eviction batch";
            };
        }
    }

    /** What this JVM does while the child runs its burst. */
    record During(String what, GcRun.Kind gc, List<Integer> ids) {
        static During nothing() {
            return new During("nothing", null, List.of());
        }

        void run(LakeModel model) {
            switch (what) {
                case "gc" -> model.gc(gc);
                case "evict" -> model.evict();
                case "read" -> ids.forEach(id -> model.read(id, false));
                case "write" -> ids.forEach(id -> model.write(id, Set.of(), Ops.Mode.BYTES));
                default -> {
                    // the child works alone
                }
            }
        }

        @Override
        public String toString() {
            return switch (what) {
                case "gc" -> gc.toString();
                case "evict" -> "an eviction batch";
                case "read", "write" -> what + " " + names(ids);
                default -> "nothing";
            };
        }
    }

    /** The second JVM runs {@code ops}, {@code rounds} times over, while this one does {@code during}. */
    record Concurrently(List<ChildOp> ops, int rounds, During during) implements Step {
        public void run(LakeModel model) {
            List<String> commands = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                ops.forEach(op -> commands.add(op.command()));
            }
            model.concurrently(commands, () -> during.run(model));
        }

        /** One round, fewer operations, plainer ones, this JVM doing nothing. */
        @Override
        public List<Step> simpler() {
            List<Step> simpler = new ArrayList<>();
            if (rounds > 1) {
                simpler.add(new Concurrently(ops, 1, during));
            }
            shorter(ops).forEach(fewer -> simpler.add(new Concurrently(fewer, rounds, during)));
            for (int i = 0; i < ops.size(); i++) {
                for (ChildOp plainer : ops.get(i).simpler()) {
                    List<ChildOp> changed = new ArrayList<>(ops);
                    changed.set(i, plainer);
                    simpler.add(new Concurrently(changed, rounds, during));
                }
            }
            if (!during.what().equals("nothing")) {
                simpler.add(new Concurrently(ops, rounds, During.nothing()));
            }
            return simpler;
        }

        @Override
        public String toString() {
            return "child JVM: " + ops + (rounds > 1 ? " x" + rounds : "") + ", while this JVM: " + during;
        }
    }

    /** The second JVM writes values, and is killed with SIGKILL once it has logged {@code after} results. */
    record KillChild(List<Integer> ids, int after) implements Step {
        /** Fewer writes (none after the kill), killed sooner. */
        @Override
        public List<Step> simpler() {
            List<Step> simpler = new ArrayList<>();
            if (ids.size() > after + 1) {
                simpler.add(new KillChild(ids.subList(0, after + 1), after));
            }
            if (after > 1) {
                simpler.add(new KillChild(ids.subList(0, after), after - 1));
            }
            return simpler;
        }

        public void run(LakeModel model) {
            model.killChild(ids.stream().map(id -> ChildOp.write(id, Set.of(),
                    id % 3 == 0 ? Ops.Mode.STREAM : Ops.Mode.BYTES).command()).toList(), after);
        }

        @Override
        public String toString() {
            return "child JVM writes " + names(ids) + ", killed with SIGKILL after " + after + " results";
        }
    }
}
