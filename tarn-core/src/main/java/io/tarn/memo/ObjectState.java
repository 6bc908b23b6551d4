package io.tarn.memo;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The state of a processor object, as part of its fingerprint: the values of its fields (a lambda's are the values
 * it captured), each by its canonical form ({@link Canonical}), and through objects of the user's own classes (from a
 * folder on the class path, or from the processor's own jar) field by field, cycles cut. A lambda met on the way
 * counts by its captured values, and its code is handed to the caller. Left out, and named in {@link #notKeyed}:
 * fields marked {@link NotKeyed} or {@code transient}; fields of library superclasses; and what is no value: JDK
 * objects that are not values (a socket, a thread), library objects (a DataSource, a CamelContext), camel-tarn's own
 * (a Lake), fields that cannot be read (a package not opened to camel-tarn).
 */
public final class ObjectState implements Canonical.Others {
    private static final URL TARN = source(ObjectState.class);
    private static final Object LEFT_OUT = new Object();

    /** Each field of the object by its digest, and what was left out, both by path (e.g. {@code demo.Resize.width}). */
    public record Result(SortedMap<String, String> fields, SortedMap<String, String> notKeyed) {
        public String digest() {
            StringBuilder text = new StringBuilder();
            fields.forEach((path, digest) -> text.append(path).append(' ').append(digest).append('\n'));
            return Fingerprint.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private final URL rootSource;
    private final Consumer<Object> lambdaCode;
    private final SortedMap<String, String> notKeyed = new TreeMap<>();

    private ObjectState(URL rootSource, Consumer<Object> lambdaCode) {
        this.rootSource = rootSource;
        this.lambdaCode = lambdaCode;
    }

    /** @param lambdaCode takes each lambda met in the state, so that its code counts too */
    static Result of(Object root, Consumer<Object> lambdaCode) {
        ObjectState walk = new ObjectState(source(root.getClass()), lambdaCode);
        SortedMap<String, String> fields = new TreeMap<>();
        for (Field field : walk.fields(root.getClass(), label(root.getClass()))) {
            String path = label(field.getDeclaringClass()) + "." + field.getName();
            Object value = walk.read(root, field, path);
            if (value == LEFT_OUT) {
                continue;
            }
            try {
                String digest = Canonical.digest(value, path, walk, root);
                if (!walk.notKeyed.containsKey(path)) {   // a field left out whole is named once, as not keyed
                    fields.put(path, digest);
                }
            } catch (Canonical.NotAValue e) {
                walk.notKeyed.put(path, e.getMessage());
            }
        }
        return new Result(fields, walk.notKeyed);
    }

    @Override
    public boolean write(Object value, String path, Canonical out) {
        Class<?> type = value.getClass();
        String why = Fingerprinter.isLambda(type) ? null : whyNot(type);
        if (why != null) {
            notKeyed.put(path, type.getName() + ": " + why);
            out.token("not keyed").token(type.getName());
            return true;
        }
        if (Fingerprinter.isLambda(type)) {
            out.token("lambda").token(label(type));
            if (type.getClassLoader() != null) {
                lambdaCode.accept(value);   // a JDK lambda's code counts for nothing, as JDK code does
            }
        } else {
            out.token("object").token(type.getName());
        }
        out.nested(value, () -> {
            for (Field field : fields(type, path)) {
                String fieldPath = path + "." + field.getName();
                Object fieldValue = read(value, field, fieldPath);
                out.token(label(field.getDeclaringClass()) + "." + field.getName());
                if (fieldValue == LEFT_OUT) {
                    out.token("not keyed");
                } else {
                    out.value(fieldValue, fieldPath);
                }
            }
        });
        return true;
    }

    /** Why objects of the class are no state to walk, or null when they are the user's own. */
    private String whyNot(Class<?> type) {
        if (type.getClassLoader() == null || Bytecode.isJdk(type.getName().replace('.', '/'))) {
            return "a JDK object that is not a value";
        }
        URL source = source(type);
        if (source != null && source.equals(TARN)) {
            return "camel-tarn's own";
        }
        if (source != null && (source.equals(rootSource) || isFolder(source))) {
            return null;
        }
        return "a library object";
    }

    /** The instance fields of the class and of its superclasses that are the user's own, in a stable order. */
    private List<Field> fields(Class<?> type, String path) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c != type && whyNot(c) != null) {
                notKeyed.put(path + " fields of " + c.getName(), whyNot(c));
                break;
            }
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    fields.add(field);
                }
            }
        }
        fields.sort(Comparator.comparing((Field f) -> f.getDeclaringClass().getName()).thenComparing(Field::getName));
        return fields;
    }

    /** The field's value, or {@link #LEFT_OUT} (and why, in {@link #notKeyed}). */
    private Object read(Object owner, Field field, String path) {
        if (field.isAnnotationPresent(NotKeyed.class)) {
            notKeyed.put(path, "@NotKeyed");
            return LEFT_OUT;
        }
        if (Modifier.isTransient(field.getModifiers())) {
            notKeyed.put(path, "transient");
            return LEFT_OUT;
        }
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            notKeyed.put(path, "cannot be read: " + e.getMessage());
            return LEFT_OUT;
        }
    }

    /** A class's name in paths: a lambda's hidden class by the class that defines it (its own name changes per run). */
    private static String label(Class<?> type) {
        return Fingerprinter.isLambda(type) ? Fingerprinter.lambdaOuter(type) + "$$Lambda" : type.getName();
    }

    private static URL source(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    private static boolean isFolder(URL source) {
        return "file".equals(source.getProtocol()) && source.getPath().endsWith("/");
    }
}
