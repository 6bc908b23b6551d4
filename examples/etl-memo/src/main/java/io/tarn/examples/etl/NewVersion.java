package io.tarn.examples.etl;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

import org.apache.camel.Processor;

/**
 * "Edit one step and start the app again", inside one process: compiles the step's next version (a source kept in
 * the resources, same class name, different code) with the JDK's compiler and loads it in a class loader of its own,
 * so the step's bytecode really changes while its name stays.
 */
final class NewVersion {
    private NewVersion() {
    }

    static Processor compile(String resource, String className, Path work) throws Exception {
        Path src = work.resolve("src").resolve(className.replace('.', '/') + ".java");
        Path classes = work.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        try (InputStream in = NewVersion.class.getResourceAsStream(resource)) {
            Files.write(src, in.readAllBytes());
        }
        String classpath = Stream.of(NewVersion.class, Processor.class)
                .map(c -> {
                    try {
                        return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.joining(File.pathSeparator));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", classes.toString(), "-classpath", classpath, src.toString());
        if (status != 0) {
            throw new IOException("Could not compile " + src);
        }
        ClassLoader loader = new ChildFirst(classes.toUri().toURL(), className, NewVersion.class.getClassLoader());
        return (Processor) loader.loadClass(className).getConstructor().newInstance();
    }

    /** Loads one class from its own folder before asking the parent, which holds the previous version. */
    private static final class ChildFirst extends URLClassLoader {
        private final String className;

        ChildFirst(URL folder, String className, ClassLoader parent) {
            super(new URL[] { folder }, parent);
            this.className = className;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.equals(className)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
                return super.loadClass(name, resolve);
            }
        }

        @Override
        public URL getResource(String name) {
            // the fingerprint reads the class file through this loader: give it the new version's
            URL own = name.equals(className.replace('.', '/') + ".class") ? findResource(name) : null;
            return own != null ? own : super.getResource(name);
        }
    }
}
