package io.tarn;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The digest that turns a value into its key, named as Python's {@code hashlib} names its constructor (the name stored
 * in {@code config.yml}: {@code sha256}, {@code sha3_256}, {@code blake2b}, ...) with the keyword arguments tarn passes
 * to it ({@code digest_size} for BLAKE2). Every algorithm gives the same bytes as {@code hashlib} for the same input and
 * arguments. MD5, SHA-1, SHA-2 and SHA-3 come from the JDK; BLAKE2 from Bouncy Castle
 * ({@value Blake2#ARTIFACT}), an optional dependency that only a lake using BLAKE2 needs. SHA-256 is the default, as in
 * tarn.
 */
public final class HashAlgorithm {
    private static final Map<String, String> JDK = Map.ofEntries(
            Map.entry("md5", "MD5"),
            Map.entry("sha1", "SHA-1"),
            Map.entry("sha224", "SHA-224"),
            Map.entry("sha256", "SHA-256"),
            Map.entry("sha384", "SHA-384"),
            Map.entry("sha512", "SHA-512"),
            Map.entry("sha3_224", "SHA3-224"),
            Map.entry("sha3_256", "SHA3-256"),
            Map.entry("sha3_384", "SHA3-384"),
            Map.entry("sha3_512", "SHA3-512"));
    /** BLAKE2 by name, with hashlib's default (and largest) digest size in bytes. */
    private static final Map<String, Integer> BLAKE2 = Map.of("blake2b", 64, "blake2s", 32);
    private static final String DIGEST_SIZE = "digest_size";
    /** Changes nothing in the digest (it only lets FIPS builds of Python allow MD5), so any algorithm takes it. */
    private static final String USED_FOR_SECURITY = "usedforsecurity";
    /** hashlib's other keyword arguments: each changes the digest (a key, a salt, tree hashing, initial data). */
    private static final Set<String> UNSUPPORTED = Set.of("string", "data", "key", "salt", "person", "fanout", "depth",
            "leaf_size", "node_offset", "node_depth", "inner_size", "last_node");
    /** {@link #toString()}'s form: {@code blake2b(digest_size=32)}. */
    private static final Pattern CALL = Pattern.compile("\\s*([^\\s(]+)\\s*(?:\\((.*)\\))?\\s*");

    /** After the tables above: it is made from them. */
    public static final HashAlgorithm SHA256 = of("sha256", Map.of());

    private final String name;
    private final SortedMap<String, Object> kwargs;
    private final int digestSize;
    private final Supplier<MessageDigest> digests;
    /**
     * One digest per thread for {@link #digest(byte[])}, which uses it whole in one call (a digest resets itself when
     * it ends): finding a provider's digest costs more than hashing a small value (a memo key per exchange).
     */
    private final ThreadLocal<MessageDigest> oneShot;

    private HashAlgorithm(String name, SortedMap<String, Object> kwargs, int digestSize,
                          Supplier<MessageDigest> digests) {
        this.name = name;
        this.kwargs = Collections.unmodifiableSortedMap(kwargs);
        this.digestSize = digestSize;
        this.digests = digests;
        this.oneShot = ThreadLocal.withInitial(digests);
    }

    /**
     * Finds an algorithm by its Python name ({@code sha256}) or its JCA name ({@code SHA-256}), with hashlib's
     * defaults.
     *
     * @throws LocationSpecException if the name is unknown, or names BLAKE2 and Bouncy Castle is not on the classpath
     */
    public static HashAlgorithm byName(String name) {
        return of(name, Map.of());
    }

    /**
     * The algorithm hashlib's constructor {@code name} makes when called with {@code kwargs}, as tarn's config
     * {@code hash: {name: blake2b, digest_size: 32}} calls it.
     *
     * @param kwargs {@code digest_size} (BLAKE2 only: 1..64 for blake2b, 1..32 for blake2s) and
     *               {@code usedforsecurity} (any; no effect on the digest); every other argument is refused
     * @throws LocationSpecException naming the unknown algorithm or the argument at fault, or the artifact to add
     *                               when BLAKE2 is asked for and Bouncy Castle is not on the classpath
     */
    public static HashAlgorithm of(String name, Map<String, ?> kwargs) {
        if (name == null || name.isBlank()) {
            throw new LocationSpecException("A hash algorithm name is required, e.g. 'sha256'");
        }
        String python = pythonName(name.trim());
        SortedMap<String, Object> arguments = new TreeMap<>();
        Integer blake2Max = BLAKE2.get(python);
        int size = blake2Max == null ? 0 : blake2Max;
        for (Map.Entry<String, ?> e : kwargs.entrySet()) {
            String kwarg = e.getKey();
            Object value = e.getValue();
            if (kwarg.equals(USED_FOR_SECURITY) && value instanceof Boolean) {
                arguments.put(kwarg, value);
            } else if (kwarg.equals(DIGEST_SIZE) && blake2Max != null) {
                size = digestSize(python, value, blake2Max);
                arguments.put(kwarg, size);
            } else {
                throw new LocationSpecException(refusal(python, kwarg, value, blake2Max != null));
            }
        }
        if (blake2Max == null) {
            if (SHA256 != null && python.equals(SHA256.name) && arguments.isEmpty()) {
                return SHA256; // the default is one object
            }
            String jca = JDK.get(python);
            try {
                int length = MessageDigest.getInstance(jca).getDigestLength();
                return new HashAlgorithm(python, arguments, length, () -> jdkDigest(jca));
            } catch (NoSuchAlgorithmException e) {
                throw new LocationSpecException("The hash algorithm '" + python + "' (" + jca + ") is not available in"
                                                + " this JVM: use another, or a JVM that has it", e);
            }
        }
        boolean b64 = python.equals("blake2b");
        int digestSize = size;
        requireBouncyCastle(python);
        return new HashAlgorithm(python, arguments, digestSize, () -> Blake2.of(b64, digestSize));
    }

    /**
     * Parses what {@link #toString()} prints: a name ({@code sha256}) or a name with hashlib's keyword arguments in
     * Python's call syntax ({@code blake2b(digest_size=32)}, {@code md5(usedforsecurity=False)}).
     *
     * @throws LocationSpecException as {@link #of(String, Map)} does, or when the text is not of that form
     */
    public static HashAlgorithm parse(String text) {
        Matcher call = text == null ? null : CALL.matcher(text);
        if (call == null || !call.matches()) {
            return byName(text);
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        String arguments = call.group(2);
        if (arguments != null && !arguments.isBlank()) {
            for (String argument : arguments.split(",", -1)) {
                int equals = argument.indexOf('=');
                if (equals < 0) {
                    throw new LocationSpecException("Hash algorithm '" + text + "': expected keyword arguments like"
                                                    + " blake2b(digest_size=32), found '" + argument.trim() + "'");
                }
                kwargs.put(argument.substring(0, equals).trim(), literal(argument.substring(equals + 1).trim()));
            }
        }
        return of(call.group(1), kwargs);
    }

    private static Object literal(String text) {
        if (text.matches("[+-]?\\d{1,18}")) {
            return Long.parseLong(text);
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }

    /** The hashlib name of a Python or JCA name. */
    private static String pythonName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (JDK.containsKey(lower) || BLAKE2.containsKey(lower)) {
            return lower;
        }
        for (Map.Entry<String, String> entry : JDK.entrySet()) {
            if (entry.getValue().equalsIgnoreCase(name)) {
                return entry.getKey();
            }
        }
        TreeSet<String> known = new TreeSet<>(JDK.keySet());
        known.addAll(BLAKE2.keySet());
        String shake = lower.startsWith("shake_")
                ? " (hashlib's " + lower + " has no fixed digest size, so tarn cannot key values with it either)" : "";
        throw new LocationSpecException("Unknown hash algorithm '" + name + "'" + shake + ": use one of " + known);
    }

    private static int digestSize(String python, Object value, int max) {
        long size = value instanceof Integer || value instanceof Long ? ((Number) value).longValue() : -1;
        if (size < 1 || size > max) {
            throw new LocationSpecException("Hash " + python + ": digest_size must be a whole number of bytes from 1 to "
                                            + max + " (as hashlib." + python + " takes it), found '" + value + "'");
        }
        return (int) size;
    }

    private static String refusal(String python, String kwarg, Object value, boolean blake2) {
        if (kwarg.equals(USED_FOR_SECURITY)) {
            return "Hash " + python + ": usedforsecurity must be true or false, found '" + value + "'";
        }
        if (UNSUPPORTED.contains(kwarg) && (blake2 || kwarg.equals("string") || kwarg.equals("data"))) {
            return "Hash " + python + ": the argument '" + kwarg + "' changes the digest and is not supported by"
                   + " camel-tarn; supported: " + (blake2 ? "digest_size, " : "") + "usedforsecurity";
        }
        return "Hash " + python + ": '" + kwarg + "' is not an argument camel-tarn knows for hashlib." + python
               + "; supported: " + (blake2 ? "digest_size, " : "") + "usedforsecurity";
    }

    private static void requireBouncyCastle(String python) {
        try {
            Class.forName(Blake2.PROBE, false, HashAlgorithm.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new LocationSpecException("The hash algorithm " + python + " needs Bouncy Castle, which is not on the"
                                            + " classpath: add the dependency " + Blake2.ARTIFACT
                                            + " (the JDK has no BLAKE2)", e);
        }
    }

    private static MessageDigest jdkDigest(String jca) {
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // it was found when the algorithm was made
        }
    }

    /** The Python hashlib name, as written in config.yml. */
    public String name() {
        return name;
    }

    /** The keyword arguments as configured (sorted by name), for config.yml; empty for hashlib's defaults. */
    public SortedMap<String, Object> kwargs() {
        return kwargs;
    }

    /** Digest size in bytes. */
    public int digestSize() {
        return digestSize;
    }

    public MessageDigest newDigest() {
        return digests.get();
    }

    /**
     * Parses and validates a key given from outside: exactly {@code 2 * digestSize} hex characters.
     *
     * @throws InvalidKeyException naming the offending key
     */
    public Key parseKey(String hex) {
        return Key.parse(hex, this);
    }

    public Key digest(byte[] bytes) {
        return Key.of(oneShot.get().digest(bytes));
    }

    /** The key of the stream's bytes, read to the end (not closed). */
    public Key digest(InputStream in) throws IOException {
        return digest(in, Buffers.MAX);
    }

    private Key digest(InputStream in, int bufferSize) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[bufferSize];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return Key.of(digest.digest());
    }

    /**
     * Whether the value hashes to the key (read once more from its start; not closed).
     *
     * @param where the location the value was read from, named when it cannot be read
     */
    public boolean matches(Key key, Value value, Object where) {
        try (InputStream in = value.open()) {
            return digest(in, Buffers.forSize(value.size())).equals(key);
        } catch (IOException e) {
            throw new LocationException("Could not read key " + key.hex() + " at " + where + " to verify it: " + e, e);
        }
    }

    /** The same digest function: same name and size ({@code blake2b} is {@code blake2b(digest_size=64)}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof HashAlgorithm other && other.name.equals(name) && other.digestSize == digestSize;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + digestSize;
    }

    /** The name, with the keyword arguments in Python's call syntax when there are any: {@code blake2b(digest_size=32)}. */
    @Override
    public String toString() {
        if (kwargs.isEmpty()) {
            return name;
        }
        StringJoiner text = new StringJoiner(", ", name + "(", ")");
        kwargs.forEach((k, v) -> text.add(k + "=" + (v instanceof Boolean b ? (b ? "True" : "False") : v)));
        return text.toString();
    }
}
