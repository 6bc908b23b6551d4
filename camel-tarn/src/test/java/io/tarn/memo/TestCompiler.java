package io.tarn.memo;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources at test time into a folder of their own and loads them with a class loader of their own. */
final class TestCompiler {
    private TestCompiler() {
    }

    /**
     * @param sources class name (demo.Step) to source text
     * @return a loader for the compiled classes, its parent the test class loader
     */
    static ClassLoader compile(Path folder, Map<String, String> sources) throws Exception {
        Path src = folder.resolve("src");
        Path out = folder.resolve("classes");
        Files.createDirectories(out);
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue(), StandardCharsets.UTF_8);
            files.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-g", "-d", out.toString(), "-classpath", classpath()));
        args.addAll(files);
        int status = compiler.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javac failed for " + sources.keySet());
        }
        return new URLClassLoader(new URL[] { out.toUri().toURL() }, TestCompiler.class.getClassLoader());
    }

    /** What the test sources may use: this project, camel-api, camel-core-model, camel-support. */
    static String classpath() {
        return Stream.of(Unstable.class, org.apache.camel.Processor.class, org.apache.camel.builder.RouteBuilder.class,
                        org.apache.camel.support.ExchangeHelper.class)
                .map(c -> {
                    try {
                        return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }
}
