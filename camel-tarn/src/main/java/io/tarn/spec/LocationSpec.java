package io.tarn.spec;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tarn.LocationSpecException;
import io.tarn.location.disk.DiskLocation;
import io.tarn.format.Sizes;
import io.tarn.location.Location;
import io.tarn.location.Levels;
import io.tarn.location.Level;
import io.tarn.location.Fanout;
import io.tarn.location.Small;
import io.tarn.location.ReadOnly;

/**
 * One line of text for a whole location tree, read like Python tarn's constructors:
 *
 * <pre>
 * levels(small(#redis, 100KiB), disk:/mnt/ssd, level(/mnt/nfs/lake, write=false), fanout(/hdd1, /hdd2))
 * </pre>
 *
 * Combinators: {@code levels(...)}, {@code level(location, write=, replicate=, touch=, name=)}, {@code fanout(...)},
 * {@code small(location, size)}, {@code readonly(location)}. Leaves: a folder ({@code /path}, {@code ./path},
 * {@code disk:path}), and whatever the {@link Leaves} given to the parser knows ({@code #bean}, {@code s3:...}).
 * A leaf that holds {@code ,} {@code (} {@code )} or spaces is quoted: {@code 'disk:/a, b'}. Errors name the
 * position and what was expected. {@code toString()} of every location prints this form.
 */
public final class LocationSpec {

    /** Makes the leaves the core does not know (beans, remote locations). */
    @FunctionalInterface
    public interface Leaves {
        /**
         * @param text the whole leaf text, e.g. {@code #lake} or {@code s3:bucket?region=x}
         * @return the location, or null if this resolver does not know the leaf's form
         */
        Location resolve(String text);
    }

    private static final Leaves NONE = text -> null;

    private final String text;
    private final Leaves leaves;
    private int pos;

    private LocationSpec(String text, Leaves leaves) {
        this.text = text;
        this.leaves = leaves;
    }

    /** Parses a spec whose leaves are folders only. */
    public static Location parse(String text) {
        return parse(text, NONE);
    }

    public static Location parse(String text, Leaves leaves) {
        if (text == null || text.isBlank()) {
            throw new LocationSpecException("Empty location spec: give a folder or a tree like levels(/mnt/ssd, /mnt/hdd)");
        }
        LocationSpec parser = new LocationSpec(text, leaves);
        Location location = parser.node();
        parser.skipSpaces();
        if (parser.pos < text.length()) {
            throw parser.error("end of the spec", "'" + text.charAt(parser.pos) + "'");
        }
        return location;
    }

    private Location node() {
        skipSpaces();
        int start = pos;
        String word = peekWord();
        if (word != null && pos + word.length() < text.length() && text.charAt(pos + word.length()) == '(') {
            pos += word.length() + 1;
            Location result = switch (word.toLowerCase(Locale.ROOT)) {
                case "levels" -> new Levels(levelList());
                case "fanout" -> new Fanout(nodeList());
                case "small" -> small();
                case "readonly" -> new ReadOnly(single("readonly"));
                case "level" -> throw errorAt(start, "a location (level(...) belongs directly inside levels(...))", "level(");
                default -> throw errorAt(start, "levels, level, fanout, small or readonly", "'" + word + "('");
            };
            return result;
        }
        return leaf();
    }

    private List<Level> levelList() {
        List<Level> levels = new ArrayList<>();
        do {
            skipSpaces();
            String word = peekWord();
            if ("level".equalsIgnoreCase(word) && pos + 5 < text.length() && text.charAt(pos + 5) == '(') {
                pos += 6;
                levels.add(level());
            } else {
                levels.add(Level.of(node()));
            }
        } while (comma());
        expect(')');
        return levels;
    }

    private Level level() {
        Level level = Level.of(node());
        while (comma()) {
            skipSpaces();
            int start = pos;
            String name = peekWord();
            if (name == null) {
                throw error("an option write=, replicate=, touch= or name=", describeHere());
            }
            pos += name.length();
            skipSpaces();
            expect('=');
            String value = token();
            level = switch (name.toLowerCase(Locale.ROOT)) {
                case "write" -> level.withWrite(bool(value, start));
                case "replicate" -> level.withReplicate(bool(value, start));
                case "touch" -> level.withTouch(bool(value, start));
                case "name" -> level.withName(value);
                default -> throw errorAt(start, "write, replicate, touch or name", "'" + name + "'");
            };
        }
        expect(')');
        return level;
    }

    private List<Location> nodeList() {
        List<Location> nodes = new ArrayList<>();
        do {
            nodes.add(node());
        } while (comma());
        expect(')');
        return nodes;
    }

    private Location small() {
        Location inner = node();
        if (!comma()) {
            throw error("',' and a maximum size, e.g. small(#redis, 100KiB)", describeHere());
        }
        skipSpaces();
        int start = pos;
        String size = token();
        if (size.toLowerCase(Locale.ROOT).startsWith("maxsize=")) {
            size = size.substring("maxsize=".length());
        }
        long maxSize;
        try {
            maxSize = Sizes.parse(size, "small()");
        } catch (LocationSpecException e) {
            throw new LocationSpecException(e.getMessage() + " — at position " + (start + 1) + " of the spec: " + pointer(start));
        }
        expect(')');
        return new Small(inner, maxSize);
    }

    private Location single(String what) {
        Location inner = node();
        if (comma()) {
            throw error("')': " + what + "() takes one location", "','");
        }
        expect(')');
        return inner;
    }

    private Location leaf() {
        skipSpaces();
        int start = pos;
        String leaf = token();
        if (leaf.isEmpty()) {
            throw errorAt(start, "a location (a folder, #bean, disk:..., or a combinator)", describeHere());
        }
        Location resolved = leaves.resolve(leaf);
        if (resolved != null) {
            return resolved;
        }
        if (leaf.startsWith("disk:")) {
            if (leaf.substring("disk:".length()).isBlank()) {
                // Path.of("") is the working directory: a lake there is never what an empty folder meant
                throw errorAt(start, "a folder after disk:", "nothing");
            }
            return folder(leaf.substring("disk:".length()), start);
        }
        if (leaf.startsWith("/") || leaf.startsWith("./") || leaf.startsWith("../") || leaf.startsWith("~/")) {
            return folder(leaf.startsWith("~/") ? System.getProperty("user.home") + leaf.substring(1) : leaf, start);
        }
        throw errorAt(start, "a folder (/path, ./path, disk:path), #bean or a known location scheme", "'" + leaf + "'");
    }

    private Location folder(String path, int start) {
        Path folder;
        try {
            folder = Path.of(path);
        } catch (InvalidPathException e) {
            throw errorAt(start, "a folder name", "'" + path.replace("\0", "\\0") + "' (" + e.getReason() + ")");
        }
        return DiskLocation.open(folder);
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

    private String pointer(int at) {
        return text + "\n  " + " ".repeat(Math.min(at, text.length())) + "^";
    }

    /** Quotes a leaf for a spec when it holds characters the parser splits on. */
    public static String quote(String leaf) {
        boolean plain = leaf.chars().noneMatch(c -> c == ',' || c == '(' || c == ')' || c == '\'' || Character.isWhitespace(c));
        return plain ? leaf : leaf.indexOf('\'') < 0 ? "'" + leaf + "'" : "\"" + leaf + "\"";
    }
}
