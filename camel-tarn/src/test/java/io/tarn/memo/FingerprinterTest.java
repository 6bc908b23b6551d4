package io.tarn.memo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Fingerprints of real classes, compiled at test time in two versions. */
class FingerprinterTest {
    private static final AtomicInteger VERSIONS = new AtomicInteger();

    @TempDir
    Path tmp;

    private static final String STEP = """
            package demo;
            import org.apache.camel.Exchange;
            import org.apache.camel.Processor;
            public class Step implements Processor {
                public void process(Exchange exchange) {
                    exchange.getMessage().setBody(Helper.shout(exchange.getMessage().getBody(String.class)) + %s);
                }
            }
            """;

    private static final String HELPER = """
            package demo;
            %s
            public class Helper {
                %s
                public static String shout(String text) {
                    return text.toUpperCase()%s;
                }
            }
            """;

    private Class<?> compile(Map<String, String> sources, String name) throws Exception {
        return TestCompiler.compile(tmp.resolve("v" + VERSIONS.incrementAndGet()), sources).loadClass(name);
    }

    private Fingerprint step(String suffix, String classMark, String methodMark, String helperBody) throws Exception {
        Class<?> step = compile(Map.of("demo.Step", STEP.formatted(suffix),
                "demo.Helper", HELPER.formatted(classMark, methodMark, helperBody)), "demo.Step");
        return Fingerprinter.standard().of(step.getConstructor().newInstance());
    }

    @Test
    void aChangeInAMethodBodyChangesTheFingerprint() throws Exception {
        assertThat(step("\"!\"", "", "", "")).isNotEqualTo(step("\"?\"", "", "", ""));
    }

    @Test
    void commentsFormattingLineNumbersAndMethodOrderDoNotCount() throws Exception {
        String v1 = """
                package demo;
                public class Moved implements org.apache.camel.Processor {
                    public void process(org.apache.camel.Exchange exchange) { exchange.getMessage().setBody(twice(exchange.getMessage().getBody(String.class))); }
                    static String twice(String s) { String doubled = s + s; return doubled; }
                }
                """;
        String v2 = """
                package demo;

                /** The same code, commented, reformatted, its methods swapped and a local renamed. */
                public class Moved implements org.apache.camel.Processor {

                    // a helper first now
                    static String twice(String s) {
                        String twiceOver = s + s;   // was 'doubled'
                        return twiceOver;
                    }

                    public void process(org.apache.camel.Exchange exchange) {
                        exchange.getMessage().setBody(
                                twice(exchange.getMessage().getBody(String.class)));
                    }
                }
                """;
        Fingerprint a = Fingerprinter.standard().ofClass(compile(Map.of("demo.Moved", v1), "demo.Moved"));
        Fingerprint b = Fingerprinter.standard().ofClass(compile(Map.of("demo.Moved", v2), "demo.Moved"));
        assertThat(a).isEqualTo(b);
        assertThat(a.describe()).contains("class demo.Moved");
    }

    @Test
    void anUnmarkedHelperIsStableAsInPythonTarn() throws Exception {
        assertThat(step("\"!\"", "", "", "")).isEqualTo(step("\"!\"", "", "", ".trim()"));
    }

    @Test
    void aChangeInAnUnstableHelperMethodChangesTheFingerprint() throws Exception {
        String mark = "@io.tarn.memo.Unstable";
        Fingerprint before = step("\"!\"", "", mark, "");
        assertThat(before).isNotEqualTo(step("\"!\"", "", mark, ".trim()"));
        assertThat(before.parts()).containsKey("method demo.Helper.shout(Ljava/lang/String;)Ljava/lang/String;");
    }

    @Test
    void aChangeInAnUnstableHelperClassChangesTheFingerprint() throws Exception {
        String mark = "@io.tarn.memo.Unstable";
        assertThat(step("\"!\"", mark, "", "")).isNotEqualTo(step("\"!\"", mark, "", ".trim()"));
    }

    @Test
    void aPackageConfiguredAsUnstableCountsWithoutTheAnnotation() throws Exception {
        Fingerprinter unstableDemo = new Fingerprinter(List.of("demo"));
        Class<?> a = compile(Map.of("demo.Step", STEP.formatted("\"!\""), "demo.Helper", HELPER.formatted("", "", "")), "demo.Step");
        Class<?> b = compile(Map.of("demo.Step", STEP.formatted("\"!\""), "demo.Helper", HELPER.formatted("", "", ".trim()")), "demo.Step");
        assertThat(unstableDemo.ofClass(a)).isNotEqualTo(unstableDemo.ofClass(b));
        assertThat(unstableDemo.ofClass(a).parts()).containsKey("class demo.Helper");
    }

    @Test
    void aPackageMarkedUnstableInPackageInfoCounts() throws Exception {
        String info = "@io.tarn.memo.Unstable\npackage demo;\n";
        Class<?> a = compile(Map.of("demo.Step", STEP.formatted("\"!\""), "demo.Helper", HELPER.formatted("", "", ""),
                "demo.package-info", info), "demo.Step");
        Class<?> b = compile(Map.of("demo.Step", STEP.formatted("\"!\""), "demo.Helper", HELPER.formatted("", "", ".trim()"),
                "demo.package-info", info), "demo.Step");
        assertThat(Fingerprinter.standard().ofClass(a)).isNotEqualTo(Fingerprinter.standard().ofClass(b));
    }

    private static final String LAMBDAS = """
            package demo;
            import org.apache.camel.Processor;
            public class Routes {
                public static Processor step(String suffix) {
                    return exchange -> exchange.getMessage().setBody(exchange.getMessage().getBody(String.class) + %s);
                }
                public static Processor other() {
                    return exchange -> exchange.getMessage().setBody("other");
                }
            }
            """;

    private Fingerprint lambda(String expression) throws Exception {
        Class<?> routes = compile(Map.of("demo.Routes", LAMBDAS.formatted(expression)), "demo.Routes");
        return Fingerprinter.standard().of(routes.getMethod("step", String.class).invoke(null, "!"));
    }

    @Test
    void aLambdaCountsByItsImplementationMethod() throws Exception {
        Fingerprint a = lambda("suffix");
        assertThat(a).isNotEqualTo(lambda("suffix.trim()"));
        assertThat(a).isEqualTo(lambda("suffix   /* a comment */"));
        // the capturing lambda is told apart from the other one by what it captures
        assertThat(a.parts().keySet()).anyMatch(p -> p.startsWith("method demo.Routes.lambda$step$"));
        assertThat(a.parts().keySet()).noneMatch(p -> p.startsWith("method demo.Routes.lambda$other$"));
    }

    @Test
    void aMethodReferenceCountsByItsTarget() throws Exception {
        String source = """
                package demo;
                import org.apache.camel.Exchange;
                import org.apache.camel.Processor;
                public class Refs {
                    public static Processor step() { return Refs::upper; }
                    static void upper(Exchange exchange) { exchange.getMessage().setBody(%s); }
                }
                """;
        Class<?> a = compile(Map.of("demo.Refs", source.formatted("\"A\"")), "demo.Refs");
        Class<?> b = compile(Map.of("demo.Refs", source.formatted("\"B\"")), "demo.Refs");
        Fingerprint fa = Fingerprinter.standard().of(a.getMethod("step").invoke(null));
        Fingerprint fb = Fingerprinter.standard().of(b.getMethod("step").invoke(null));
        assertThat(fa).isNotEqualTo(fb);
        assertThat(fa.parts()).containsKey("method demo.Refs.upper(Lorg/apache/camel/Exchange;)V");
    }

    @Test
    void libraryClassesCountByTheirJarsMavenCoordinates() throws Exception {
        Fingerprint fingerprint = step("\"!\"", "", "", "");
        // the camel-api of this build (the version matrix runs several)
        String camelApi = "jar org.apache.camel:camel-api:" + CamelContext.class.getPackage().getImplementationVersion();
        assertThat(fingerprint.parts()).containsKey(camelApi);
        assertThat(fingerprint.describe()).startsWith("fingerprint " + fingerprint.digest())
                .contains("class demo.Step").contains(camelApi);
    }
}
