package io.tarn.memo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import io.tarn.HashAlgorithm;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Class files as the fingerprint sees them: read without loading anything (through a class loader's resources),
 * stripped of debug information (line numbers, local variable names, source file) and stack map frames, with
 * methods, fields and inner-class entries sorted, and written back as a canonical class file. Moving a method,
 * editing a comment or reformatting leaves the canonical form unchanged; changing an instruction, a constant or a
 * signature changes it.
 */
public final class Bytecode {
    static final String UNSTABLE = "Lio/tarn/memo/Unstable;";

    private static final Map<String, String> JAR_IDENTITIES = new ConcurrentHashMap<>();

    private Bytecode() {
    }

    /** Where a class comes from. */
    enum Kind { JDK, JAR, FOLDER, UNKNOWN }

    record Origin(Kind kind, Path jar) {
    }

    /** JDK classes contribute nothing: they change with the Java version only. */
    static boolean isJdk(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/") || internalName.startsWith("jdk/")
               || internalName.startsWith("sun/") || internalName.startsWith("com/sun/");
    }

    static Origin origin(ClassLoader loader, String internalName) {
        if (isJdk(internalName)) {
            return new Origin(Kind.JDK, null);
        }
        URL url = loader.getResource(internalName + ".class");
        if (url == null) {
            return new Origin(Kind.UNKNOWN, null);
        }
        switch (url.getProtocol()) {
            case "jrt":
                return new Origin(Kind.JDK, null);
            case "file":
                return new Origin(Kind.FOLDER, null);
            case "jar":
                String spec = url.getPath();
                int bang = spec.indexOf("!/");
                try {
                    URL jar = new URL(spec.substring(0, bang));
                    return "file".equals(jar.getProtocol()) ? new Origin(Kind.JAR, Path.of(jar.toURI()))
                            : new Origin(Kind.UNKNOWN, null);
                } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                    return new Origin(Kind.UNKNOWN, null);
                }
            default:
                return new Origin(Kind.UNKNOWN, null);
        }
    }

    /** Whether a loaded class (for a lambda, the class that defines it) comes from a jar (a library). */
    public static boolean isLibrary(Class<?> type) {
        String name = Fingerprinter.isLambda(type) ? Fingerprinter.lambdaOuter(type) : type.getName();
        return type.getClassLoader() != null && origin(type.getClassLoader(), name.replace('.', '/')).kind() == Kind.JAR;
    }

    /** The class without debug information and frames, or null when its class file cannot be read. */
    static ClassNode read(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return null;
            }
            ClassNode node = new ClassNode();
            new ClassReader(in.readAllBytes()).accept(node, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return node;
        } catch (IOException e) {
            return null;
        }
    }

    /** The digest of the canonical form of a whole class. */
    static String digest(ClassNode node) {
        node.methods.sort(Comparator.comparing((MethodNode m) -> m.name + m.desc));
        node.fields.sort(Comparator.comparing(f -> f.name + f.desc));
        node.innerClasses.sort(Comparator.comparing((InnerClassNode c) -> c.name));
        if (node.nestMembers != null) {
            node.nestMembers.sort(Comparator.naturalOrder());
        }
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        return Fingerprint.sha256(writer.toByteArray());
    }

    /** The digest of the canonical form of one method (its code, signature and annotations). */
    static String digest(MethodNode method) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "M", null, "java/lang/Object", null);
        method.accept(writer);
        writer.visitEnd();
        return Fingerprint.sha256(writer.toByteArray());
    }

    static boolean isUnstable(List<AnnotationNode> visible, List<AnnotationNode> invisible) {
        return has(visible) || has(invisible);
    }

    private static boolean has(List<AnnotationNode> annotations) {
        return annotations != null && annotations.stream().anyMatch(a -> UNSTABLE.equals(a.desc));
    }

    static boolean isUnstable(ClassNode node) {
        return isUnstable(node.visibleAnnotations, node.invisibleAnnotations);
    }

    static boolean isUnstable(MethodNode method) {
        return isUnstable(method.visibleAnnotations, method.invisibleAnnotations);
    }

    /**
     * A library jar's identity: {@code groupId:artifactId:version} from its one {@code META-INF/maven/.../pom.properties},
     * else the SHA-256 of the jar file. Cached per file, size and modification time.
     */
    static String jarIdentity(Path jar) {
        String cacheKey;
        try {
            cacheKey = jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return "unreadable " + jar.getFileName();
        }
        return JAR_IDENTITIES.computeIfAbsent(cacheKey, k -> readIdentity(jar));
    }

    private static String readIdentity(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<JarEntry> poms = new ArrayList<>();
            file.stream().filter(e -> e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties"))
                    .forEach(poms::add);
            if (poms.size() == 1) {
                Properties properties = new Properties();
                try (InputStream in = file.getInputStream(poms.get(0))) {
                    properties.load(in);
                }
                String g = properties.getProperty("groupId");
                String a = properties.getProperty("artifactId");
                String v = properties.getProperty("version");
                if (g != null && a != null && v != null) {
                    return g + ":" + a + ":" + v;
                }
            }
        } catch (IOException e) {
            // fall back to the digest
        }
        try (InputStream in = Files.newInputStream(jar)) {
            return jar.getFileName() + " sha256:" + HashAlgorithm.SHA256.digest(in).hex();
        } catch (IOException e) {
            return "unreadable " + jar.getFileName();
        }
    }
}
