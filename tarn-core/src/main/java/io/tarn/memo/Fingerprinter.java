package io.tarn.memo;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Computes the {@link Fingerprint} of code from its bytecode (see {@link CodeWalk} for what counts), and of a
 * processor object from its code and its state, the values of its fields (see {@link ObjectState}). Nothing is
 * loaded: class files are read through class loaders' resources.
 * <p>
 * Lambdas and method references are hidden classes whose bytes cannot be read; they count by their implementation
 * method. A serializable lambda names it exactly. Otherwise the defining class is searched for the
 * {@code invokedynamic} sites that create a lambda of the same functional interface with the same captured types;
 * when several match (two {@code Processor} lambdas capturing the same things in one class), all of them count, so a
 * change to any of them invalidates: never a stale hit, sometimes a needless miss.
 */
public final class Fingerprinter {
    private final List<String> unstablePackages;

    /**
     * @param unstablePackages packages (and their sub-packages) whose classes are all unstable, e.g. {@code com.acme.etl}
     */
    public Fingerprinter(Collection<String> unstablePackages) {
        this.unstablePackages = unstablePackages.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    /** A fingerprinter with no package configured as unstable. */
    public static Fingerprinter standard() {
        return new Fingerprinter(List.of());
    }

    /**
     * The fingerprint of an object: its code (its class, or for a lambda its implementation method) and its state (the
     * values of its fields, a lambda's captured values: one part {@code state <field>} each, see {@link ObjectState}).
     */
    public Fingerprint of(Object code) {
        Fingerprint.Builder parts = new Fingerprint.Builder();
        addCode(code, parts);
        state(code, parts).fields().forEach((path, digest) -> parts.add("state " + path, digest));
        return parts.build();
    }

    /**
     * The state of an object. The code of the lambdas in it, and a part {@code state not keyed: <path> (<why>)} for
     * each thing left out, go into {@code parts}.
     */
    public ObjectState.Result state(Object code, Fingerprint.Builder parts) {
        ObjectState.Result state = ObjectState.of(code, lambda -> addCode(lambda, parts));
        state.notKeyed().forEach((path, why) -> parts.add("state not keyed: " + path + " (" + why + ")", ""));
        return state;
    }

    /** The fingerprint of a class and what it reaches. */
    public Fingerprint ofClass(Class<?> type) {
        Fingerprint.Builder parts = new Fingerprint.Builder();
        addClass(type, parts);
        return parts.build();
    }

    public void addClass(Class<?> type, Fingerprint.Builder parts) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive() || type.getClassLoader() == null) {
            return;
        }
        if (isLambda(type)) {
            parts.add("unresolved lambda class " + lambdaOuter(type), "");
            walk(type, parts).rootClass(lambdaOuter(type).replace('.', '/'));
            return;
        }
        walk(type, parts).rootClass(Type.getInternalName(type));
    }

    public void addCode(Object code, Fingerprint.Builder parts) {
        Class<?> type = code.getClass();
        if (!isLambda(type)) {
            addClass(type, parts);
            return;
        }
        String outer = lambdaOuter(type).replace('.', '/');
        List<Handle> targets = serializedTarget(code);
        if (targets.isEmpty()) {
            targets = candidates(type, outer);
        }
        CodeWalk walk = walk(type, parts);
        if (targets.isEmpty()) {
            parts.add("lambda of " + CodeWalk.dotted(outer) + " not found: the whole class counts", "");
            walk.rootClass(outer);
            return;
        }
        if (targets.size() > 1) {
            parts.add("lambda of " + CodeWalk.dotted(outer) + ": " + targets.size() + " candidates count", "");
        }
        for (Handle target : targets) {
            walk.rootMethod(target.getOwner(), target.getName(), target.getDesc());
        }
    }

    /**
     * A name for a memoized step running this code, the same from one run to the next: its class name; for a lambda,
     * its defining class and implementation method ({@code com.acme.Routes::lambda$configure$0}), which moves when a
     * lambda is added before it in that class.
     */
    public String stepName(Object code) {
        Class<?> type = code.getClass();
        if (!isLambda(type)) {
            return type.getName();
        }
        String outer = lambdaOuter(type);
        List<Handle> targets = serializedTarget(code);
        if (targets.isEmpty()) {
            targets = candidates(type, outer.replace('.', '/'));
        }
        return outer + "::" + (targets.isEmpty() ? "lambda" : String.join(",", targets.stream().map(Handle::getName).toList()));
    }

    private CodeWalk walk(Class<?> type, Fingerprint.Builder parts) {
        return new CodeWalk(type.getClassLoader(), this::isUnstablePackage, parts);
    }

    private boolean isUnstablePackage(String pkg) {
        return unstablePackages.stream().anyMatch(p -> pkg.equals(p) || pkg.startsWith(p + "."));
    }

    public static boolean isLambda(Class<?> type) {
        return type.getName().contains("$$Lambda");
    }

    static String lambdaOuter(Class<?> type) {
        return type.getName().substring(0, type.getName().indexOf("$$Lambda"));
    }

    /** The exact implementation method of a serializable lambda, else nothing. */
    private static List<Handle> serializedTarget(Object code) {
        if (!(code instanceof Serializable)) {
            return List.of();
        }
        try {
            Method writeReplace = code.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (writeReplace.invoke(code) instanceof SerializedLambda lambda) {
                return List.of(new Handle(lambda.getImplMethodKind(), lambda.getImplClass(), lambda.getImplMethodName(),
                        lambda.getImplMethodSignature(), false));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not a serializable lambda after all: match the creation site instead
        }
        return List.of();
    }

    /** The implementation handles of the lambda creation sites in {@code outer} that could have made this object. */
    private static List<Handle> candidates(Class<?> lambdaType, String outer) {
        Class<?> iface = Arrays.stream(lambdaType.getInterfaces()).filter(i -> i != Serializable.class).findFirst().orElse(null);
        ClassNode node = Bytecode.read(lambdaType.getClassLoader(), outer);
        if (iface == null || node == null) {
            return List.of();
        }
        String ifaceName = Type.getInternalName(iface);
        List<Type> captured = Arrays.stream(lambdaType.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .sorted(Comparator.comparing(Field::getName))
                .map(f -> Type.getType(f.getType()))
                .toList();
        List<Handle> found = new ArrayList<>();
        for (MethodNode method : node.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof InvokeDynamicInsnNode indy
                    && indy.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")
                    && Type.getReturnType(indy.desc).getInternalName().equals(ifaceName)
                    && Arrays.asList(Type.getArgumentTypes(indy.desc)).equals(captured)
                    && indy.bsmArgs.length > 1 && indy.bsmArgs[1] instanceof Handle impl
                    && !found.contains(impl)) {
                    found.add(impl);
                }
            }
        }
        return found;
    }
}
