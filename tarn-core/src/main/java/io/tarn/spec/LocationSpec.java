package io.tarn.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
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

    /** The factories found on the class path, by scheme. */
    private static final Map<String, LeafFactory> REGISTERED = bySchemes(ServiceLoader.load(LeafFactory.class,
            LocationSpec.class.getClassLoader()));

    private final String text;
    private final Leaves leaves;
    private final Map<String, LeafFactory> schemes;
    private int pos;

    private LocationSpec(String text, Leaves leaves, Map<String, LeafFactory> schemes) {
        this.text = text;
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
        Map<String, LeafFactory> schemes = new HashMap<>(REGISTERED);
        schemes.putAll(bySchemes(factories));
        LocationSpec parser = new LocationSpec(text, leaves, schemes);
        Node tree = parser.node();
        parser.skipSpaces();
        if (parser.pos < text.length()) {
            throw parser.error("end of the spec", "'" + text.charAt(parser.pos) + "'");
        }
        return tree.make().get();
    }

    /** The schemes registered through {@link java.util.ServiceLoader}, e.g. {@code disk}. */
    public static Set<String> registeredSchemes() {
        return Collections.unmodifiableSet(new TreeSet<>(REGISTERED.keySet()));
    }

    private static Map<String, LeafFactory> bySchemes(Iterable<? extends LeafFactory> factories) {
        Map<String, LeafFactory> schemes = new HashMap<>();
        for (LeafFactory factory : factories) {
            factory.schemes().forEach(scheme -> schemes.put(scheme, factory));
        }
        return schemes;
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
        skipSpaces();
        int start = pos;
        String word = peekWord();
        if (word != null && pos + word.length() < text.length() && text.charAt(pos + word.length()) == '(') {
            pos += word.length() + 1;
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
                case "level" -> throw errorAt(start, "a location (level(...) belongs directly inside levels(...))", "level(");
                default -> throw errorAt(start, "levels, level, fanout, small or readonly", "'" + word + "('");
            };
        }
        return leaf();
    }

    /** A node that ends here, its text from {@code start}. */
    private Node node(Supplier<Location> make, int start, boolean mayDropWrites) {
        return new Node(make, start, new Durability.Member(text.substring(start, pos).trim(), mayDropWrites));
    }

    /** Throws the refusal, if any, with the caret where {@code at} says its member is. */
    private void durable(Optional<Durability.Refusal> refusal, ToIntFunction<Durability.Refusal> at) {
        if (refusal.isPresent()) {
            throw positioned(new LocationSpecException(refusal.get().message()), at.applyAsInt(refusal.get()));
        }
    }

    private List<LevelNode> levelList() {
        List<LevelNode> levels = new ArrayList<>();
        do {
            skipSpaces();
            String word = peekWord();
            if ("level".equalsIgnoreCase(word) && pos + 5 < text.length() && text.charAt(pos + 5) == '(') {
                int start = pos;
                pos += 6;
                levels.add(level(start));
            } else {
                Node member = node();
                levels.add(new LevelNode(() -> Level.of(member.make().get()), member.start(), -1,
                        new Durability.LevelShape(member.member(), true, false, false)));
            }
        } while (comma());
        expect(')');
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
        while (comma()) {
            skipSpaces();
            int start = pos;
            String name = peekWord();
            if (name == null) {
                throw error("an option " + LEVEL_OPTIONS, describeHere());
            }
            pos += name.length();
            skipSpaces();
            expect('=');
            skipSpaces();
            // a bad value is shown where it starts; an option that does not fit the level, where its name does
            int valueAt = pos;
            String value = token();
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
                    capacity.set(name.toLowerCase(Locale.ROOT), value, start, valueAt, this::positioned);
                    yield UnaryOperator.identity();
                }
                default -> throw errorAt(start, LEVEL_OPTIONS, "'" + name + "'");
            };
            UnaryOperator<Level> before = options;
            options = level -> option.apply(before.apply(level));
        }
        expect(')');
        UnaryOperator<Level> all = options;
        Capacity bound = capacity.build(this::positioned);
        return new LevelNode(() -> all.apply(Level.of(member.make().get())).withCapacity(bound), levelStart,
                capacity.at(), new Durability.LevelShape(member.member(), write, cache, bound != null));
    }

    private List<Node> nodeList() {
        List<Node> nodes = new ArrayList<>();
        do {
            nodes.add(node());
        } while (comma());
        expect(')');
        return nodes;
    }

    private Node small(int at) {
        Node inner = node();
        if (!comma()) {
            throw error("',' and a maximum size, e.g. small(#redis, 100KiB)", describeHere());
        }
        skipSpaces();
        int start = pos;
        String size = token();
        if (size.toLowerCase(Locale.ROOT).startsWith("maxsize=")) {
            size = size.substring("maxsize=".length());
            start = text.indexOf('=', start) + 1;
            while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
        }
        long maxSize;
        try {
            maxSize = Sizes.parse(size, "small()");
        } catch (LocationSpecException e) {
            throw positioned(e, start);
        }
        expect(')');
        return node(() -> new Small(inner.make().get(), maxSize), at, inner.member().mayDropWrites());
    }

    private Node single(String what) {
        Node inner = node();
        if (comma()) {
            throw error("')': " + what + "() takes one location", "','");
        }
        expect(')');
        return inner;
    }

    private Node leaf() {
        skipSpaces();
        int start = pos;
        String leaf = token();
        if (leaf.isEmpty()) {
            throw errorAt(start, "a location (a folder, #bean, disk:..., or a combinator)", describeHere());
        }
        Location resolved = leaves.resolve(leaf);
        if (resolved != null) {
            return node(() -> resolved, start, resolved.mayDropWrites());
        }
        LeafFactory factory = schemes.get(scheme(leaf));
        if (factory == null) {
            throw errorAt(start, "a folder (/path, ./path, disk:path), #bean or a known location scheme", "'" + leaf + "'");
        }
        try {
            return node(factory.parse(leaf), start, factory.mayDropWrites(leaf));
        } catch (LeafFactory.BadLeafException e) {
            throw errorAt(start, e.expected(), e.found());
        }
    }

    /** The scheme of a leaf: a folder is a {@code disk} leaf; else the text before the first ':', if any. */
    private static String scheme(String leaf) {
        if (leaf.startsWith("/") || leaf.startsWith("./") || leaf.startsWith("../") || leaf.startsWith("~/")) {
            return "disk";
        }
        int colon = leaf.indexOf(':');
        return colon < 0 ? "" : leaf.substring(0, colon);
    }

    /** A leaf or option value: quoted text, or text up to the next ',' or ')' at this level. */
    private String token() {
        skipSpaces();
        if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
            char quote = text.charAt(pos);
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("a closing " + quote, "the end of the spec");
            }
            String value = text.substring(pos + 1, end);
            pos = end + 1;
            return value;
        }
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
            if (text.charAt(pos) == '(') {
                throw error("',' or ')' (quote a leaf that contains parentheses)", "'('");
            }
            pos++;
        }
        return text.substring(start, pos).trim();
    }

    private String peekWord() {
        int end = pos;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return end == pos ? null : text.substring(pos, end);
    }

    private boolean comma() {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == ',') {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        skipSpaces();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("'" + c + "'", describeHere());
        }
        pos++;
    }

    private boolean bool(String value, int start) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw errorAt(start, "true or false", "'" + value + "'");
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String describeHere() {
        return pos >= text.length() ? "the end of the spec" : "'" + text.charAt(pos) + "'";
    }

    private LocationSpecException error(String expected, String found) {
        return errorAt(pos, expected, found);
    }

    private LocationSpecException errorAt(int at, String expected, String found) {
        return new LocationSpecException("Location spec error at position " + (at + 1) + ": expected " + expected
                                         + ", found " + found + "\n  " + pointer(at));
    }

    /** The error of an option's value, with where in the spec it is. */
    private LocationSpecException positioned(LocationSpecException e, int at) {
        return new LocationSpecException(e.getMessage() + " — at position " + (at + 1) + " of the spec:\n  "
                                         + pointer(at));
    }

    /** The spec, and under it a caret at {@code at}; the caller starts the spec's line with two spaces. */
    private String pointer(int at) {
        return text + "\n  " + " ".repeat(Math.min(at, text.length())) + "^";
    }

    /** Quotes a leaf for a spec when it holds characters the parser splits on. */
    public static String quote(String leaf) {
        return SpecText.quote(leaf);
    }
}
