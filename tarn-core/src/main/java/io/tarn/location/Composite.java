package io.tarn.location;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.LocationSpecException;
import io.tarn.TarnException;

/** What every combinator shares: its members, and one hash algorithm agreed on by all of them. */
public abstract class Composite implements Location {
    private final List<Location> members;
    private final Optional<HashAlgorithm> algorithm;

    protected Composite(List<Location> members) {
        if (members.isEmpty()) {
            throw new LocationSpecException(getClass().getSimpleName() + " needs at least one location");
        }
        this.members = List.copyOf(members);
        Set<HashAlgorithm> algorithms = this.members.stream()
                .map(Location::algorithm).flatMap(Optional::stream).collect(Collectors.toSet());
        if (algorithms.size() > 1) {
            throw new LocationSpecException(getClass().getSimpleName() + " mixes locations with different hash algorithms "
                                            + algorithms + ": a key must mean the same value in every member");
        }
        this.algorithm = algorithms.stream().findFirst();
    }

    @Override
    public List<Location> children() {
        return members;
    }

    /** Its members, unnamed (a combinator of equals, such as {@code fanout}). */
    @Override
    public List<Member> members() {
        return members.stream().map(member -> new Member(member, Set.of(), false)).toList();
    }

    @Override
    public Optional<HashAlgorithm> algorithm() {
        return algorithm;
    }

    /**
     * Applies an action to each of {@code members}, all of them even when one fails (a delete must not stop at the
     * first member that cannot delete); the first failure is thrown at the end, the others attached to it.
     *
     * @return whether the action said true for any member
     */
    protected static boolean everyMember(List<Location> members, Predicate<Location> action) {
        boolean any = false;
        TarnException failure = null;
        for (Location member : members) {
            try {
                any |= action.test(member);
            } catch (TarnException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return any;
    }

    /** Whether a member may drop a write it holds alone: a write may come to rest in any of them. */
    @Override
    public boolean mayDropWrites() {
        return members.stream().anyMatch(Location::mayDropWrites);
    }

    /** Whether every member keeps labels: a write may come to rest in any of them. */
    @Override
    public boolean keepsLabels() {
        return members.stream().allMatch(Location::keepsLabels);
    }

    /** Whether any member records uses (see {@link Location#recordsUse()}). */
    @Override
    public boolean recordsUse() {
        return members.stream().anyMatch(Location::recordsUse);
    }

    /** The latest usage date any member knows for the key. */
    @Override
    public Optional<Instant> lastUsed(Key key) {
        return members.stream().map(member -> member.lastUsed(key)).flatMap(Optional::stream).max(Instant::compareTo);
    }

    /** Two trees are equal when they have the same shape over equal leaves (a spec parses back to an equal tree). */
    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((Composite) o).members.equals(members);
    }

    @Override
    public int hashCode() {
        return getClass().hashCode() * 31 + members.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName().toLowerCase() + members.stream().map(Object::toString)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
