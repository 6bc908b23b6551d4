package io.tarn.memo;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import io.tarn.camel.memo.Memoize;
import io.tarn.memo.MissReason.Kind;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static io.tarn.memo.MissReasonTest.reason;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "code changed" names the fingerprint parts that changed: classes compiled at test time, version 1 run in one
 * CamelContext and a changed version 2 in the next, on one disk lake.
 */
class MissReasonCodeTest extends MemoTestSupport {
    private static final String UPPER = """
            package demo;
            public class Upper implements org.apache.camel.Processor {
                public void process(org.apache.camel.Exchange exchange) {
                    exchange.getMessage().setBody(exchange.getMessage().getBody(String.class)%s);
                }
            }
            """;
    private static final String STEP = """
            package demo;
            public class Step implements org.apache.camel.Processor {
                public void process(org.apache.camel.Exchange exchange) {
                    exchange.getMessage().setBody(%s.apply(exchange.getMessage().getBody(String.class)));
                }
            }
            """;
    private static final String HELPER = """
            package demo;
            public class Helper {
                @io.tarn.memo.Unstable
                public static String apply(String body) { return body + "%s"; }
                public static String other(String body) { return body; }
            }
            """;

    private Processor load(ClassLoader loader, String name) throws Exception {
        return (Processor) loader.loadClass(name).getConstructor().newInstance();
    }

    private Exchange run(Processor code) throws Exception {
        return send(context(Memoize.of(lake(), code)), "abc", Map.of());
    }

    @Test
    void aChangedClassIsNamed() throws Exception {
        run(load(TestCompiler.compile(tmp.resolve("v1"), Map.of("demo.Upper", UPPER.formatted(".toUpperCase()"))), "demo.Upper"));
        Exchange changed = run(load(TestCompiler.compile(tmp.resolve("v2"), Map.of("demo.Upper", UPPER.formatted(".toLowerCase()"))),
                "demo.Upper"));
        assertThat(reason(changed)).isEqualTo("code changed: class demo.Upper");
        assertThat(changed.getMessage().getBody(String.class)).isEqualTo("abc");
    }

    @Test
    void aChangedUnstableMethodIsNamedAlone() throws Exception {
        run(load(TestCompiler.compile(tmp.resolve("v1"), Map.of("demo.Step", STEP.formatted("demo.Helper"),
                "demo.Helper", HELPER.formatted("!"))), "demo.Step"));
        Exchange changed = run(load(TestCompiler.compile(tmp.resolve("v2"), Map.of("demo.Step", STEP.formatted("demo.Helper"),
                "demo.Helper", HELPER.formatted("?"))), "demo.Step"));
        assertThat(reason(changed)).isEqualTo("code changed: method demo.Helper.apply(Ljava/lang/String;)Ljava/lang/String;");
        assertThat(changed.getMessage().getBody(String.class)).isEqualTo("abc?");
    }

    @Test
    void aNewLibraryVersionNamesTheJarAndTheVersionBefore() throws Exception {
        run(withLibrary("1.0", "!"));
        Exchange changed = run(withLibrary("2.0", "?"));
        assertThat(reason(changed)).isEqualTo("code changed: jar demo:lib:2.0 (was 1.0)");
        assertThat(changed.getMessage().getBody(String.class)).isEqualTo("abc?");
    }

    /** demo.Step from a folder, calling demo.lib.Lib from a jar demo:lib:version. */
    private Processor withLibrary(String version, String suffix) throws Exception {
        Path folder = tmp.resolve("lib-" + version);
        String lib = "package demo.lib; public class Lib { public static String apply(String b) { return b + \"" + suffix + "\"; } }";
        TestCompiler.compile(folder, Map.of("demo.Step", STEP.formatted("demo.lib.Lib"), "demo.lib.Lib", lib));
        Path classes = folder.resolve("classes");
        Path libClass = classes.resolve("demo/lib/Lib.class");
        Path jar = folder.resolve("lib-" + version + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "META-INF/maven/demo/lib/pom.properties",
                    ("groupId=demo\nartifactId=lib\nversion=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            put(out, "demo/lib/Lib.class", Files.readAllBytes(libClass));
        }
        Files.delete(libClass);
        ClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL(), jar.toUri().toURL() },
                TestCompiler.class.getClassLoader());
        return load(loader, "demo.Step");
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws Exception {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    @Test
    void aChangedFieldOfTheProcessorIsNamedForEachInputThatRanBefore() throws Exception {
        ProducerTemplate before = context(Memoize.of(lake(), new CountingStep(0)));
        send(before, "a", Map.of());
        send(before, "b", Map.of());
        ProducerTemplate after = context(Memoize.of(lake(), new CountingStep(1)));
        assertThat(reason(send(after, "b", Map.of()))).isEqualTo("code changed: state io.tarn.memo.CountingStep.millis");
        assertThat(reason(send(after, "a", Map.of()))).as("not 'input changed': a ran before, with the old code")
                .isEqualTo("code changed: state io.tarn.memo.CountingStep.millis");
        assertThat(reason(send(after, "c", Map.of()))).isEqualTo("input changed");
        ProducerTemplate again = context(Memoize.of(lake(), new CountingStep(2)));
        assertThat(reason(send(again, "d", Map.of())))
                .isEqualTo("code changed: state io.tarn.memo.CountingStep.millis; input changed");
    }

    @Test
    void aChangedSubRouteNamesTheRoute() throws Exception {
        sendThroughSubRoute("${body}-x", "DEBUG");
        Exchange expression = sendThroughSubRoute("${body}-y", "DEBUG");
        assertThat(Memoize.missReason(expression).orElseThrow().kind()).isEqualTo(Kind.CODE_CHANGED);
        assertThat(reason(expression)).isEqualTo("code changed: route direct:step: outputs[0] setBody.expression"
                                                + " simpleExpression.expression \"${body}-y\" (was \"${body}-x\")");
        Exchange option = sendThroughSubRoute("${body}-y", "TRACE");
        assertThat(reason(option)).isEqualTo("code changed: route direct:step: outputs[1] to.uri"
                                            + " \"log:memo-step?level=TRACE\" (was \"log:memo-step?level=DEBUG\")");
    }

    private Exchange sendThroughSubRoute(String expression, String level) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("tarn:lake?root=" + tmp.resolve("lake") + "&operation=memo&memoRoute=direct:step");
                from("direct:step").setBody(simple(expression)).to("log:memo-step?level=" + level);
            }
        });
        return started(context).createProducerTemplate().request("direct:in", e -> e.getIn().setBody("abc"));
    }
}
