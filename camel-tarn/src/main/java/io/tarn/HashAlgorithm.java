package io.tarn;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;

/**
 * The digest that turns a value into its key. Named as Python's {@code hashlib} names it (the name stored in
 * {@code config.yml}: {@code sha256}, {@code sha512}, {@code sha3_256}, ...) and backed by a JCA
 * {@link MessageDigest}. SHA-256 is the default, as in tarn.
 */
public final class HashAlgorithm {
    public static final HashAlgorithm SHA256 = new HashAlgorithm("sha256", "SHA-256");

    private static final Map<String, String> PYTHON_TO_JCA = Map.ofEntries(
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

    private final String name;
    private final String jcaName;
    private final int digestSize;

    private HashAlgorithm(String name, String jcaName) {
        this.name = name;
        this.jcaName = jcaName;
        try {
            this.digestSize = MessageDigest.getInstance(jcaName).getDigestLength();
        } catch (NoSuchAlgorithmException e) {
            throw new LocationSpecException("The hash algorithm '" + name + "' (" + jcaName + ") is not available in this JVM", e);
        }
    }

    /**
     * Finds an algorithm by its Python name ({@code sha256}) or its JCA name ({@code SHA-256}).
     *
     * @throws LocationSpecException if the name is unknown
     */
    public static HashAlgorithm byName(String name) {
        if (name == null || name.isBlank()) {
            throw new LocationSpecException("A hash algorithm name is required, e.g. 'sha256'");
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("sha256")) {
            return SHA256;
        }
        String jca = PYTHON_TO_JCA.get(lower);
        if (jca != null) {
            return new HashAlgorithm(lower, jca);
        }
        for (Map.Entry<String, String> entry : PYTHON_TO_JCA.entrySet()) {
            if (entry.getValue().equalsIgnoreCase(name.trim())) {
                return byName(entry.getKey());
            }
        }
        throw new LocationSpecException("Unknown hash algorithm '" + name + "': use one of "
                                        + new java.util.TreeSet<>(PYTHON_TO_JCA.keySet()));
    }

    /** The Python hashlib name, as written in config.yml. */
    public String name() {
        return name;
    }

    public String jcaName() {
        return jcaName;
    }

    /** Digest size in bytes. */
    public int digestSize() {
        return digestSize;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        return Key.of(newDigest().digest(bytes));
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

    @Override
    public boolean equals(Object o) {
        return o instanceof HashAlgorithm other && other.jcaName.equals(jcaName);
    }

    @Override
    public int hashCode() {
        return jcaName.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
