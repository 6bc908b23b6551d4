package io.tarn.memo;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * One walk through bytecode, from a root (a whole class, or one method and the class it lives in) along every call
 * site, field access, type use and lambda/method-reference handle:
 * <ul>
 * <li>the root's own class counts: a whole-class root with all its methods; a method root with the methods of its
 * class that it calls (transitively); and in both cases the nested classes of the root's class that it uses;</li>
 * <li>a class that is unstable ({@code @Unstable} on it, its outer class or its package, or its package configured as
 * unstable) counts whole, and the walk goes on through it;</li>
 * <li>a method marked {@code @Unstable} counts alone, and the walk goes on through it;</li>
 * <li>project superclasses of a whole-class root count whole (inherited code is the processor's code);</li>
 * <li>any other class from a jar counts by the jar's identity; JDK classes count for nothing; other project
 * classes (stable helpers) count for nothing.</li>
 * </ul>
 */
final class CodeWalk {
    private final ClassLoader loader;
    private final Predicate<String> unstablePackage;
    private final Fingerprint.Builder parts;
    private final Set<String> ownClasses = new HashSet<>();
    private final Set<String> wholeClasses = new HashSet<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<String, Optional<ClassNode>> nodes = new HashMap<>();
    private final Map<String, Boolean> unstablePackages = new HashMap<>();

    CodeWalk(ClassLoader loader, Predicate<String> unstablePackage, Fingerprint.Builder parts) {
        this.loader = loader;
        this.unstablePackage = unstablePackage;
        this.parts = parts;
    }

    /** A whole class and what it reaches. */
    void rootClass(String name) {
        ownClasses.add(name);
        includeClass(name);
    }

    /** One method (a lambda body, a method reference's target) and what it reaches. */
    void rootMethod(String owner, String name, String desc) {
        ownClasses.add(owner);
        MethodNode method = node(owner).map(n -> find(n, name, desc)).orElse(null);
        if (method == null) {
            parts.add("unreadable method " + dotted(owner) + "." + name + desc, "");
            return;
        }
        includeMethod(owner, method);
    }

    private void includeClass(String name) {
        if (!wholeClasses.add(name)) {
            return;
        }
        Optional<ClassNode> node = node(name);
        if (node.isEmpty()) {
            parts.add("unreadable class " + dotted(name), "");
            return;
        }
        ClassNode cls = node.get();
        parts.add("class " + dotted(name), Bytecode.digest(cls));
        for (MethodNode method : cls.methods) {
            follow(method);
        }
        if (cls.superName != null && ownClasses.contains(name)
            && Bytecode.origin(loader, cls.superName).kind() == Bytecode.Kind.FOLDER) {
            ownClasses.add(cls.superName);
            includeClass(cls.superName);
        } else if (cls.superName != null) {
            reference(cls.superName, null, null);
        }
        cls.interfaces.forEach(i -> reference(i, null, null));
    }

    private void includeMethod(String owner, MethodNode method) {
        if (!seen.add("method " + owner + "." + method.name + method.desc)) {
            return;
        }
        parts.add("method " + dotted(owner) + "." + method.name + method.desc, Bytecode.digest(method));
        follow(method);
    }

    private void follow(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode call) {
                reference(call.owner, call.name, call.desc);
            } else if (insn instanceof FieldInsnNode field) {
                reference(field.owner, null, null);
            } else if (insn instanceof TypeInsnNode type) {
                reference(type.desc, null, null);
            } else if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Type type) {
                reference(type.getSort() == Type.METHOD ? "java/lang/Object" : type.getInternalName(), null, null);
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                for (Object arg : indy.bsmArgs) {
                    if (arg instanceof Handle handle) {
                        reference(handle.getOwner(), handle.getName(), handle.getDesc());
                    }
                }
            }
        }
        for (var catcher : method.tryCatchBlocks) {
            if (catcher.type != null) {
                reference(catcher.type, null, null);
            }
        }
    }

    private void reference(String type, String name, String desc) {
        String owner = type;
        if (type.startsWith("[")) {
            Type element = Type.getType(type).getElementType();
            if (element.getSort() != Type.OBJECT) {
                return;
            }
            owner = element.getInternalName();
        }
        referenceClass(owner, name, desc);
    }

    private void referenceClass(String owner, String name, String desc) {
        if (Bytecode.isJdk(owner) || wholeClasses.contains(owner)) {
            return;
        }
        if (!seen.add(name == null ? owner : owner + "." + name + desc)) {
            return;
        }
        if (ownClasses.contains(owner)) {
            if (name != null) {
                MethodNode method = node(owner).map(n -> find(n, name, desc)).orElse(null);
                if (method != null) {
                    includeMethod(owner, method);
                }
            }
            return;
        }
        if (ownClasses.stream().anyMatch(own -> owner.startsWith(own + "$"))) {
            ownClasses.add(owner);
            includeClass(owner);
            return;
        }
        Optional<ClassNode> node = node(owner);
        if (node.isPresent() && isUnstable(node.get())) {
            includeClass(owner);
            return;
        }
        Bytecode.Origin origin = Bytecode.origin(loader, owner);
        if (origin.kind() == Bytecode.Kind.JAR) {
            parts.add("jar " + Bytecode.jarIdentity(origin.jar()), "");
        } else if (origin.kind() == Bytecode.Kind.UNKNOWN) {
            parts.add("unresolved " + dotted(owner), "");
        }
        if (name != null && node.isPresent()) {
            MethodNode method = find(node.get(), name, desc);
            if (method != null && Bytecode.isUnstable(method)) {
                includeMethod(owner, method);
            }
        }
    }

    private boolean isUnstable(ClassNode node) {
        if (Bytecode.isUnstable(node) || isUnstablePackage(node.name)) {
            return true;
        }
        String host = node.nestHostClass;
        return host != null && node(host).map(Bytecode::isUnstable).orElse(false);
    }

    private boolean isUnstablePackage(String internalName) {
        int slash = internalName.lastIndexOf('/');
        String pkg = slash < 0 ? "" : internalName.substring(0, slash);
        return unstablePackages.computeIfAbsent(pkg, p -> unstablePackage.test(p.replace('/', '.'))
                || node((p.isEmpty() ? "" : p + "/") + "package-info").map(Bytecode::isUnstable).orElse(false));
    }

    private static MethodNode find(ClassNode node, String name, String desc) {
        for (MethodNode method : node.methods) {
            if (method.name.equals(name) && method.desc.equals(desc)) {
                return method;
            }
        }
        return null;
    }

    private Optional<ClassNode> node(String name) {
        return nodes.computeIfAbsent(name, n -> Optional.ofNullable(Bytecode.read(loader, n)));
    }

    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}
