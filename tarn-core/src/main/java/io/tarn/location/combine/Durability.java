package io.tarn.location.combine;

import java.util.List;
import java.util.Optional;

import io.tarn.LocationSpecException;
import io.tarn.location.Location;

/**
 * The lake's second promise kept at the shape of a tree: an acknowledged write never comes to rest only in a location
 * that may drop it by itself ({@link Location#mayDropWrites()}: an in-memory cache, a Redis whose keys expire) or in a
 * level that evicts (a bounded one). {@link Levels} and {@link Fanout} refuse such a tree when they are built,
 * {@link io.tarn.lake.Lake} a root that may drop writes, and the spec parser the same trees before it makes anything, with
 * the caret at the level; all of them ask this class, so they refuse the same trees in the same words.
 * <p>
 * A level that may hold the only copy of a write is one that takes writes and is not a cache ({@code write=true},
 * {@code cache=false}): {@link Levels#write} stops there. A {@code cache=true} level never does: a write offered to it
 * goes on to the first such level below, and the cache gets a copy.
 */
public final class Durability {

    /** Why a tree is refused. */
    public enum Problem {
        /** a level that may hold the only copy of a write has a capacity */
        BOUNDED,
        /** a level or fanout member that may hold the only copy of a write may drop it by itself */
        VOLATILE,
        /** a {@code cache=true} level has no level below it that keeps writes */
        NOTHING_DURABLE_BELOW
    }

    /** What the rule needs of a member: how it reads in a spec, and whether it may drop what it acknowledged. */
    public record Member(String text, boolean mayDropWrites) {
        static Member of(Location location) {
            return new Member(location.toString(), location.mayDropWrites());
        }
    }

    /** What the rule needs of one level of {@code levels(...)}. */
    public record LevelShape(Member member, boolean write, boolean cache, boolean bounded) {
        static LevelShape of(Level level) {
            return new LevelShape(Member.of(level.location()), level.write(), level.cache(), level.capacity() != null);
        }

        /** Whether a write may stop here: it takes writes and is not a cache. */
        public boolean holdsWrites() {
            return write && !cache;
        }
    }

    /** The member (its index) that breaks the rule, why, and a message that says what to do. */
    public record Refusal(int index, Problem problem, String message) {
        LocationSpecException exception() {
            return new LocationSpecException(message);
        }
    }

    private Durability() {
    }

    /** The first level of {@code levels(...)} that breaks the rule, if any. */
    public static Optional<Refusal> ofLevels(List<LevelShape> levels) {
        for (int i = 0; i < levels.size(); i++) {
            LevelShape level = levels.get(i);
            String name = "level " + i + " (" + level.member().text() + ")";
            if (level.bounded() && level.holdsWrites()) {
                return refuse(i, Problem.BOUNDED, "A level with a capacity must be a cache: eviction would lose a"
                        + " value it holds alone, and the " + name + " takes writes. Add cache=true (writes go on to a"
                        + " durable level below and it keeps a copy) or write=false (a cache filled by copy-up)");
            }
            if (level.member().mayDropWrites() && level.holdsWrites()) {
                return refuse(i, Problem.VOLATILE, "The " + name + " takes writes but may drop a value by itself (it is"
                        + " volatile: in memory, or its keys expire), so an acknowledged write could rest only there"
                        + " and be lost. Add cache=true (writes go on to a durable level below and it keeps a copy)"
                        + " or write=false (a cache filled by copy-up)");
            }
            if (level.write() && level.cache() && levels.subList(i + 1, levels.size()).stream()
                    .noneMatch(LevelShape::holdsWrites)) {
                return refuse(i, Problem.NOTHING_DURABLE_BELOW, "The " + name + " is a cache (cache=true): a write"
                        + " offered to it is stored in a durable level below that takes writes, but there is none below"
                        + " it. Add a durable level below (a disk lake) or give it write=false");
            }
        }
        return Optional.empty();
    }

    /** The first member of {@code fanout(...)} that may drop a write it holds alone, if any. */
    public static Optional<Refusal> ofFanout(List<Member> members) {
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            if (member.mayDropWrites()) {
                return refuse(i, Problem.VOLATILE, "The member " + i + " (" + member.text() + ") of a fanout may drop a"
                        + " value by itself (it is volatile: in memory, or its keys expire), and a fanout stores a"
                        + " write in the first member that takes it, alone. Take it out of the fanout and make it a"
                        + " cache above it: levels(level(" + member.text() + ", cache=true), fanout(...the others))");
            }
        }
        return Optional.empty();
    }

    /** Refuses a lake whose whole location may drop the writes it acknowledges. */
    public static void checkLake(Location root) {
        if (root.mayDropWrites()) {
            throw new LocationSpecException("The lake's location " + root + " may drop a value by itself (it is"
                    + " volatile: in memory, or its keys expire), and it would hold the only copy of every write the"
                    + " lake acknowledges. Make it a cache above a durable location, levels(level(" + root
                    + ", cache=true), /path/to/lake), or read from it only: readonly(" + root + ")");
        }
    }

    static void checkLevels(List<Level> levels) {
        ofLevels(levels.stream().map(LevelShape::of).toList()).ifPresent(refusal -> {
            throw refusal.exception();
        });
    }

    static void checkFanout(List<Location> members) {
        ofFanout(members.stream().map(Member::of).toList()).ifPresent(refusal -> {
            throw refusal.exception();
        });
    }

    private static Optional<Refusal> refuse(int index, Problem problem, String message) {
        return Optional.of(new Refusal(index, problem, message));
    }
}
