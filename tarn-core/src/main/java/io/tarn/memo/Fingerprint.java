package io.tarn.memo;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

import io.tarn.HashAlgorithm;

/**
 * The identity of a piece of code: a SHA-256 over the parts that went into it, and the parts themselves (what each
 * is, and its own digest), so that a user can see why a memoized result missed: print {@link #describe()} for two
 * runs and compare. Parts are kept sorted, so the digest does not depend on the order in which they were found.
 */
public final class Fingerprint {
    private final SortedMap<String, String> parts;
    private final SortedMap<String, String> details;
    private final String digest;

    private Fingerprint(SortedMap<String, String> parts, SortedMap<String, String> details) {
        this.parts = Collections.unmodifiableSortedMap(parts);
        this.details = Collections.unmodifiableSortedMap(details);
        StringBuilder text = new StringBuilder("tarn-fingerprint/1\n");
        parts.forEach((name, value) -> text.append(name).append(' ').append(value).append('\n'));
        this.digest = sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The hex SHA-256 of the parts. */
    public String digest() {
        return digest;
    }

    /** Each part (e.g. {@code class com.acme.Parse}, {@code jar org.apache.camel:camel-api:4.17.0}) with its digest. */
    public SortedMap<String, String> parts() {
        return parts;
    }

    /**
     * For some parts, the text their digest is of (a route's canonical form), to name what changed in them when a memo
     * misses; not part of the digest.
     */
    public SortedMap<String, String> details() {
        return details;
    }

    /** A multi-line account: the digest, then one line per part. */
    public String describe() {
        StringBuilder out = new StringBuilder("fingerprint ").append(digest).append('\n');
        parts.forEach((name, value) -> out.append("  ").append(name).append(value.isEmpty() ? "" : " " + value).append('\n'));
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint other && other.digest.equals(digest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return digest;
    }

    public static String sha256(byte[] bytes) {
        return HashAlgorithm.SHA256.digest(bytes).hex();
    }

    /** Collects parts; a part added twice keeps its first value. */
    public static final class Builder {
        private final SortedMap<String, String> parts = new TreeMap<>();
        private final SortedMap<String, String> details = new TreeMap<>();

        public Builder add(String name, String value) {
            parts.putIfAbsent(name, value);
            return this;
        }

        public Builder replace(String name, String value) {
            parts.put(name, value);
            return this;
        }

        /** The text a part's digest is of, kept to tell what changed in it (see {@link Fingerprint#details()}). */
        public Builder detail(String name, String text) {
            details.put(name, text);
            return this;
        }

        public boolean has(String name) {
            return parts.containsKey(name);
        }

        public Fingerprint build() {
            return new Fingerprint(new TreeMap<>(parts), new TreeMap<>(details));
        }
    }
}
