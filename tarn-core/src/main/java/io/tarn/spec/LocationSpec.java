package io.tarn.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

import io.tarn.LocationSpecException;
import io.tarn.format.Sizes;
import io.tarn.location.Location;
import io.tarn.location.SpecText;
import io.tarn.location.combine.Durability;
import io.tarn.location.combine.Fanout;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.combine.ReadOnly;
import io.tarn.location.combine.Small;
import io.tarn.location.eviction.Capacity;

/**
 * One line of text for a whole location tree, read like Python tarn's constructors:
 *
 * <pre>
 * levels(small(#redis, 100KiB), disk:/mnt/ssd, level(/mnt/nfs/lake, write=false), fanout(/hdd1, /hdd2))
 * </pre>
 *
 * Combinators: {@code levels(...)}, {@code level(location, write=, replicate=, touch=, name=)}, {@code fanout(...)},
 * {@code small(location, size)}, {@code readonly(location)}. Leaves: whatever the {@link Leaves} given to the parser
 * knows ({@code #bean}), else the {@link LeafFactory} registered for the leaf's scheme ({@code disk:path}; a folder
 * {@code /path}, {@code ./path}, {@code ../path}, {@code ~/path} is a {@code disk} leaf). The parser knows no backend.
 * A leaf that holds {@code ,} {@code (} {@code )} or spaces is quoted: {@code 'disk:/a, b'}. Errors name the
 * position and what was expected. Nothing is made (no folder created, no connection opened) until the whole spec has
 * been read and found valid; valid includes {@link Durability}'s rule (no acknowledged write may rest only in a level
 * that evicts or a location that may drop it), checked on what the leaves' factories and beans say
 * ({@link LeafFactory#mayDropWrites}), with the caret at the level. {@code toString()} of every location prints this
 * form.
 */
public final class LocationSpec {

    /** Resolves the leaves that are not schemes (beans); tried before the factories. */
    @FunctionalInterface
    public interface Leaves {
        /**
         * @param text the whole leaf text, e.g. {@code #lake}
         * @return the location, or null if this resolver does not know the leaf's form
         */
        Location resolve(String text);
    }

    private static final Leaves NONE = text -> null;
    private static final String LEVEL_OPTIONS = "write, replicate, touch, name, cache, capacity, capacityValues or"
                                                + " lowWatermark";

    private final SpecCursor in;
    private final Leaves leaves;
    private final LeafSchemes schemes;

    private LocationSpec(String text, Leaves leaves, LeafSchemes schemes) {
        this.in = new SpecCursor(text);
        this.leaves = leaves;
        this.schemes = schemes;
    }

    /** Parses a spec whose leaves are of the registered schemes (folders). */
    public static Location parse(String text) {
        return parse(text, NONE);
    }

    public static Location parse(String text, Leaves leaves) {
        return parse(text, leaves, List.of());
    }

    /**
     * @param leaves tried first for every leaf
     * @param factories makers of more schemes (they take precedence over the registered ones of the same scheme)
     */
    public static Location parse(String text, Leaves leaves, Collection<? extends LeafFactory> factories) {
        if (text == null || text.isBlank()) {
            throw new LocationSpecException("Empty location spec: give a folder or a tree like levels(/mnt/ssd, /mnt/hdd)");
        }
        LocationSpec parser = new LocationSpec(text, leaves, new LeafSchemes(factories));
        Node tree = parser.node();
        if (!parser.in.atEnd()) {
            throw parser.in.error("end of the spec", "'" + text.charAt(parser.in.pos()) + "'");
        }
        return tree.make().get();
    }

    /** The schemes registered through {@link java.util.ServiceLoader}, e.g. {@code disk}. */
    public static Set<String> registeredSchemes() {
        return LeafSchemes.registered();
    }

    /**
     * A node read but not made: what makes it, and what {@link Durability} needs to know of it (its text, whether it
     * may drop a write it acknowledged).
     */
    private record Node(Supplier<Location> make, int start, Durability.Member member) {
    }

    /** A {@code levels(...)} member read but not made, where it starts, and where its capacity option is (or -1). */
    private record LevelNode(Supplier<Level> make, int start, int capacityAt, Durability.LevelShape shape) {
    }

    private Node node() {
        in.skipSpaces();
        int start = in.pos();
        String word = in.peekWord();
        if (in.call(word)) {
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "levels" -> {
                    List<LevelNode> levels = levelList();
                    Supplier<Location> make = () -> new Levels(levels.stream().map(l -> l.make().get()).toList());
                    yield node(make, start, levels.stream().map(LevelNode::shape)
                            .filter(Durability.LevelShape::holdsWrites).anyMatch(shape -> shape.member().mayDropWrites()));
                }
                case "fanout" -> {
                    List<Node> members = nodeList();
                    durable(Durability.ofFanout(members.stream().map(Node::member).toList()),
                            refusal -> members.get(refusal.index()).start());
                    yield node(() -> new Fanout(members.stream().map(member -> member.make().get()).toList()), start,
                            members.stream().anyMatch(member -> member.member().mayDropWrites()));
                }
                case "small" -> small(start);
                case "readonly" -> {
                    Node inner = single("readonly");
                    yield node(() -> new ReadOnly(inner.make().get()), start, false);
                }
                case "level" -> throw in.errorAt(start, "a location (level(...) belongs directly inside levels(...))",
                        "level(");
                default -> throw in.errorAt(start, "levels, level, fanout, small or readonly", "'" + word + "('");
            };
        }
        return leaf();
    }

    /** A node that ends here, its text from {@code start}. */
    private Node node(Supplier<Location> make, int start, boolean mayDropWrites) {
        return new Node(make, start, new Durability.Member(in.since(start), mayDropWrites));
    }

    /** Throws the refusal, if any, with the caret where {@code at} says its member is. */
    private void durable(Optional<Durability.Refusal> refusal, ToIntFunction<Durability.Refusal> at) {
        if (refusal.isPresent()) {
            throw in.positioned(new LocationSpecException(refusal.get().message()), at.applyAsInt(refusal.get()));
        }
    }

    private List<LevelNode> levelList() {
        List<LevelNode> levels = new ArrayList<>();
        do {
            in.skipSpaces();
            int start = in.pos();
            if ("level".equalsIgnoreCase(in.peekWord()) && in.call("level")) {
                levels.add(level(start));
            } else {
                Node member = node();
                levels.add(new LevelNode(() -> Level.of(member.make().get()), member.start(), -1,
                        new Durability.LevelShape(member.member(), true, false, false)));
            }
        } while (in.comma());
        in.expect(')');
        durable(Durability.ofLevels(levels.stream().map(LevelNode::shape).toList()), refusal -> {
            LevelNode level = levels.get(refusal.index());
            return refusal.problem() == Durability.Problem.BOUNDED && level.capacityAt() >= 0 ? level.capacityAt()
                    : level.start();
        });
        return levels;
    }

    private LevelNode level(int levelStart) {
        Node member = node();
        UnaryOperator<Level> options = UnaryOperator.identity();
        LevelCapacity capacity = new LevelCapacity();
        boolean write = true;
        boolean cache = false;
        while (in.comma()) {
            in.skipSpaces();
            int start = in.pos();
            String name = in.peekWord();
            if (name == null) {
                throw in.error("an option " + LEVEL_OPTIONS, in.describeHere());
            }
            in.skip(name.length());
            in.skipSpaces();
            in.expect('=');
            in.skipSpaces();
            // a bad value is shown where it starts; an option that does not fit the level, where its name does
            int valueAt = in.pos();
            String value = in.token();
            UnaryOperator<Level> option = switch (name.toLowerCase(Locale.ROOT)) {
                case "write" -> {
                    boolean flag = bool(value, valueAt);
                    write = flag;
                    yield level -> level.withWrite(flag);
                }
                case "replicate" -> {
                    boolean replicate = bool(value, valueAt);
                    yield level -> level.withReplicate(replicate);
                }
                case "touch" -> {
                    boolean touch = bool(value, valueAt);
                    yield level -> level.withTouch(touch);
                }
                case "name" -> level -> level.withName(value);
                case "cache" -> {
                    boolean flag = bool(value, valueAt);
                    cache = flag;
                    yield level -> level.withCache(flag);
                }
                case "capacity", "capacityvalues", "lowwatermark" -> {
                    capacity.set(name.toLowerCase(Locale.ROOT), value, start, valueAt, in::positioned);
                    yield UnaryOperator.identity();
                }
                default -> throw in.errorAt(start, LEVEL_OPTIONS, "'" + name + "'");
            };
            UnaryOperator<Level> before = options;
            options = level -> option.apply(before.apply(level));
        }
        in.expect(')');
        UnaryOperator<Level> all = options;
        Capacity bound = capacity.build(in::positioned);
        return new LevelNode(() -> all.apply(Level.of(member.make().get())).withCapacity(bound), levelStart,
                capacity.at(), new Durability.LevelShape(member.member(), write, cache, bound != null));
    }

    private List<Node> nodeList() {
        List<Node> nodes = new ArrayList<>();
        do {
            nodes.add(node());
        } while (in.comma());
        in.expect(')');
        return nodes;
    }

    private Node small(int at) {
        Node inner = node();
        if (!in.comma()) {
            throw in.error("',' and a maximum size, e.g. small(#redis, 100KiB)", in.describeHere());
        }
        in.skipSpaces();
        int start = in.pos();
        String size = in.token();
        if (size.toLowerCase(Locale.ROOT).startsWith("maxsize=")) {
            size = size.substring("maxsize=".length());
            start = in.valueAfterEquals(start);
        }
        long maxSize;
        try {
            maxSize = Sizes.parse(size, "small()");
        } catch (LocationSpecException e) {
            throw in.positioned(e, start);
        }
        in.expect(')');
        return node(() -> new Small(inner.make().get(), maxSize), at, inner.member().mayDropWrites());
    }

    private Node single(String what) {
        Node inner = node();
        if (in.comma()) {
            throw in.error("')': " + what + "() takes one location", "','");
        }
        in.expect(')');
        return inner;
    }

    private Node leaf() {
        in.skipSpaces();
        int start = in.pos();
        String leaf = in.token();
        if (leaf.isEmpty()) {
            throw in.errorAt(start, "a location (a folder, #bean, disk:..., or a combinator)", in.describeHere());
        }
        Location resolved = leaves.resolve(leaf);
        if (resolved != null) {
            return node(() -> resolved, start, resolved.mayDropWrites());
        }
        LeafFactory factory = schemes.of(leaf);
        if (factory == null) {
            throw in.errorAt(start, "a folder (/path, ./path, disk:path), #bean or a known location scheme", "'" + leaf + "'");
        }
        try {
            return node(factory.parse(leaf), start, factory.mayDropWrites(leaf));
        } catch (LeafFactory.BadLeafException e) {
            throw in.errorAt(start, e.expected(), e.found());
        }
    }

    private boolean bool(String value, int start) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw in.errorAt(start, "true or false", "'" + value + "'");
    }

    /** Quotes a leaf for a spec when it holds characters the parser splits on. */
    public static String quote(String leaf) {
        return SpecText.quote(leaf);
    }
}
