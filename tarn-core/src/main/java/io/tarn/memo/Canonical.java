package io.tarn.memo;

import java.io.File;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.Date;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The digest of a value's canonical form: what makes two values the same in a memo key. Each scalar counts with its
 * Java type ({@code Integer 1}, {@code Long 1} and {@code String "1"} differ); arrays and lists in order; sets and
 * maps by content, sorted by the digests of their elements (keys), whatever their class; records field by field;
 * enums by class and name. Value-based JDK classes (BigDecimal, UUID, URI, Path, java.time, Locale...) count by the
 * text that is their value. Anything else is offered to {@link Others}; a value that nothing writes is
 * {@link NotAValue}. Cycles are written as a back reference, so a walk always ends.
 */
public final class Canonical {
    /** Writes what {@link Canonical} does not know (objects, lambdas), or declines. */
    public interface Others {
        /** @return false to decline: the value is then not a value */
        boolean write(Object value, String path, Canonical out);
    }

    /** A value with no canonical form. */
    public static final class NotAValue extends RuntimeException {
        final transient Object value;
        final String path;

        NotAValue(Object value, String path, String reason) {
            super(path + " holds a " + value.getClass().getName() + ", " + reason, null, false, false);
            this.value = value;
            this.path = path;
        }
    }

    private static final Set<Class<?>> SCALARS = Set.of(Boolean.class, Character.class, Byte.class, Short.class,
            Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class, URI.class,
            URL.class, Locale.class, Currency.class, OptionalInt.class, OptionalLong.class, OptionalDouble.class);

    private final MessageDigest digest;
    private final Others others;
    /** The containers being written, outermost first: a container met again is a cycle. */
    private final IdentityHashMap<Object, Integer> open;

    private Canonical(Others others, IdentityHashMap<Object, Integer> open) {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        this.others = others;
        this.open = open;
    }

    /** A fresh digest; {@code others} writes what is not a plain value (null: nothing else is a value). */
    static Canonical with(Others others) {
        return new Canonical(others, new IdentityHashMap<>());
    }

    /** The hex SHA-256 of one value's canonical form. */
    public static String digest(Object value, String path, Others others) {
        return digest(value, path, others, null);
    }

    /** The same, for a value inside {@code owner}: a reference back to the owner is a cycle. */
    static String digest(Object value, String path, Others others, Object owner) {
        Canonical out = with(others);
        if (owner != null) {
            out.open.put(owner, 0);
        }
        out.value(value, path);
        return out.hex();
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Writes a length-prefixed token: no two sequences of tokens give the same bytes. */
    Canonical token(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
        return this;
    }

    void value(Object value, String path) {
        if (value == null) {
            token("null");
        } else if (value instanceof String text) {
            token("java.lang.String").token(text);
        } else if (SCALARS.contains(value.getClass()) || value.getClass().getPackageName().equals("java.time")) {
            token(value.getClass().getName()).token(value.toString());
        } else if (value instanceof Enum<?> constant) {
            token("enum").token(constant.getDeclaringClass().getName()).token(constant.name());
        } else if (value instanceof byte[] bytes) {
            token("byte[]").token(String.valueOf(bytes.length));
            digest.update(bytes);
        } else if (!plain(value, path)) {
            if (others == null || !others.write(value, path, this)) {
                throw new NotAValue(value, path, "which has no canonical form");
            }
        }
    }

    /** Writes the value when it is a JDK value or a container; false otherwise. */
    private boolean plain(Object value, String path) {
        if (value instanceof Class<?> type) {
            token("class").token(type.getName());
        } else if (value instanceof Path file) {
            token("java.nio.file.Path").token(file.toString());
        } else if (value instanceof File file) {
            token("java.io.File").token(file.getPath());
        } else if (value instanceof Pattern pattern) {
            token("java.util.regex.Pattern").token(pattern.pattern()).token(String.valueOf(pattern.flags()));
        } else if (value instanceof Charset charset) {
            token("java.nio.charset.Charset").token(charset.name());
        } else if (value instanceof Date date) {
            token(date.getClass().getName()).token(String.valueOf(date.getTime()));
        } else if (value instanceof Optional<?> optional) {
            token("optional");
            value(optional.orElse(null), path);
        } else if (value.getClass().isArray() || value instanceof Collection<?> || value instanceof Map<?, ?>
                   || value.getClass().isRecord()) {
            container(value, path);
        } else {
            return false;
        }
        return true;
    }

    /**
     * Writes a value that contains others through {@code contents}, or a back reference when the value is being
     * written already (a cycle).
     */
    void nested(Object value, Runnable contents) {
        Integer depth = open.get(value);
        if (depth != null) {
            token("cycle").token(String.valueOf(open.size() - depth));
            return;
        }
        open.put(value, open.size());
        try {
            contents.run();
        } finally {
            open.remove(value);
        }
    }

    private void container(Object value, String path) {
        nested(value, () -> {
            if (value.getClass().isArray()) {
                int length = Array.getLength(value);
                token(value.getClass().getComponentType().getName() + "[]").token(String.valueOf(length));
                for (int i = 0; i < length; i++) {
                    value(Array.get(value, i), path + "[" + i + "]");
                }
            } else if (value instanceof Set<?> set) {
                token("set").token(String.valueOf(set.size()));
                sorted(set.stream().map(item -> child(item, path + "{}")).toList());
            } else if (value instanceof Collection<?> items) {
                token("list").token(String.valueOf(items.size()));
                Iterator<?> item = items.iterator();
                for (int i = 0; item.hasNext(); i++) {
                    value(item.next(), path + "[" + i + "]");
                }
            } else if (value instanceof Map<?, ?> map) {
                token("map").token(String.valueOf(map.size()));
                sorted(map.entrySet().stream()
                        .map(e -> child(e.getKey(), path + "{}") + " " + child(e.getValue(), path + "{}")).toList());
            } else {
                token("record").token(value.getClass().getName());
                for (RecordComponent component : value.getClass().getRecordComponents()) {
                    token(component.getName());
                    value(read(component, value, path), path + "." + component.getName());
                }
            }
        });
    }

    private String child(Object value, String path) {
        Canonical child = new Canonical(others, open);
        child.value(value, path);
        return child.hex();
    }

    private void sorted(List<String> digests) {
        List<String> order = new ArrayList<>(digests);
        order.sort(null);
        order.forEach(this::token);
    }

    private static Object read(RecordComponent component, Object record, String path) {
        try {
            Field field = record.getClass().getDeclaredField(component.getName());
            field.setAccessible(true);
            return field.get(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new NotAValue(record, path, "whose component " + component.getName() + " cannot be read (" + e + ")");
        }
    }
}
