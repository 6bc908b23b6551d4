package io.tarn.memo;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.tarn.camel.memo.RouteFingerprint;

import static org.assertj.core.api.Assertions.assertThat;

/** tarn:lake?operation=memo&memoRoute=direct:step: the sub-route's definition and beans are part of the fingerprint. */
class MemoEndpointTest extends MemoTestSupport {
    /** A sub-route whose expression, endpoint option and bean vary; each call is a fresh CamelContext. */
    private Exchange run(String expression, String logLevel, Object bean, CountingStep counter, String region) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("enricher", bean);
        String lake = "tarn:lake?root=" + tmp.resolve("lake") + "&operation=memo&memoRoute=direct:step&memoHeaders=region"
                      + "&memoOutputHeaders=length";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to(lake);
                from("direct:step")
                        .process(counter)
                        .setBody(simple(expression))
                        .bean("enricher")
                        .to("log:memo-step?level=" + logLevel);
            }
        });
        return started(context).createProducerTemplate().request("direct:in", e -> {
            e.getIn().setBody("abc");
            e.getIn().setHeader("region", region);
        });
    }

    private Object bean(String version, String suffix) throws Exception {
        String source = """
                package demo;
                public class Enricher {
                    public String enrich(String body) { return body + %s; }
                }
                """.formatted(suffix);
        return TestCompiler.compile(tmp.resolve(version), Map.of("demo.Enricher", source))
                .loadClass("demo.Enricher").getConstructor().newInstance();
    }

    @Test
    void theSubRouteRunsOncePerInputAndDefinition() throws Exception {
        Object v1 = bean("v1", "\"!\"");
        CountingStep counter = new CountingStep(0);
        Exchange first = run("${body}-x", "DEBUG", v1, counter, "eu");
        assertThat(hit(first)).isFalse();
        assertThat(first.getMessage().getBody(String.class)).isEqualTo("ABC-x!");

        // the same definition in another CamelContext (other generated node ids): a hit
        Exchange again = run("${body}-x", "DEBUG", v1, counter, "eu");
        assertThat(hit(again)).isTrue();
        assertThat(again.getMessage().getBody(String.class)).isEqualTo("ABC-x!");
        assertThat(again.getMessage().getHeader("length", String.class)).isEqualTo("3");
        assertThat(counter.runs).hasValue(1);

        assertThat(hit(run("${body}-y", "DEBUG", v1, counter, "eu"))).as("an expression changed").isFalse();
        assertThat(hit(run("${body}-x", "TRACE", v1, counter, "eu"))).as("an endpoint option changed").isFalse();
        assertThat(hit(run("${body}-x", "DEBUG", v1, counter, "us"))).as("a selected header changed").isFalse();
        assertThat(hit(run("${body}-x", "DEBUG", bean("v2", "\"?\""), counter, "eu"))).as("a bean's code changed").isFalse();
        assertThat(hit(run("${body}-x", "DEBUG", bean("v1b", "/* same */ \"!\""), counter, "eu"))).as("a comment").isTrue();
        assertThat(counter.runs).hasValue(5);
    }

    @Test
    void anEntryReplacedByAnotherJvmAfterItsOutputWentIsTakenNotDropped() throws Exception {
        CountingStep counter = new CountingStep(0);
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("tarn:lake?root=" + tmp.resolve("lake") + "&operation=memo&memoRoute=direct:step");
                from("direct:step").process(counter).setBody(simple("${body}-computed"));
            }
        });
        org.apache.camel.ProducerTemplate template = started(context).createProducerTemplate();
        Exchange first = template.request("direct:in", e -> e.getIn().setBody("abc"));
        assertThat(hit(first)).isFalse();
        assertThat(hit(template.request("direct:in", e -> e.getIn().setBody("abc")))).isTrue();

        // meanwhile another JVM found the output evicted, dropped the entry and stored its own result
        io.tarn.lake.Lake lake = lake();
        io.tarn.Key memoKey = lake.algorithm().parseKey(first.getMessage().getHeader("CamelTarnMemoKey", String.class));
        MemoIndex other = MemoIndex.besideLake(lake);
        MemoEntry old = other.read(memoKey).orElseThrow();
        assertThat(lake.delete(old.output())).isTrue();
        other.delete(memoKey);
        io.tarn.Key theirs = lake.write("abc-theirs".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        other.write(memoKey, new MemoEntry(theirs, old.type(), old.charset(), old.headers()));

        Exchange after = template.request("direct:in", e -> e.getIn().setBody("abc"));
        assertThat(hit(after)).as("the other JVM's entry is a result of this call").isTrue();
        assertThat(after.getMessage().getBody(String.class)).isEqualTo("abc-theirs");
        assertThat(other.read(memoKey)).as("and it stays in the index").isPresent();
        assertThat(counter.runs).hasValue(1);
    }

    @Test
    void theFingerprintNamesWhatWentIntoIt() throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:step").process(new CountingStep(0)).to("direct:next");
                from("direct:next").setHeader("n", constant("{{answer}}"));
            }
        });
        context.getPropertiesComponent().addInitialProperty("answer", "42");
        started(context);
        RouteFingerprint routes = new RouteFingerprint(context, Fingerprinter.standard());
        Fingerprint fingerprint = routes.of("direct:step");
        assertThat(fingerprint.parts()).containsKeys("route direct:step", "route direct:next",
                "class io.tarn.memo.CountingStep");
        assertThat(routes.canonical("direct:next")).contains("\"42\"").doesNotContain("route2").doesNotContain("setHeader1");
    }

    private Fingerprint subRoute(int width, int beanWidth) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("resize", new ProcessorStateTest.Resize(beanWidth));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:step").process(new ProcessorStateTest.Resize(width)).bean("resize");
            }
        });
        started(context);
        return new RouteFingerprint(context, Fingerprinter.standard()).of("direct:step");
    }

    @Test
    void theStateOfTheSubRoutesProcessorsAndBeansCounts() throws Exception {
        Fingerprint base = subRoute(100, 1);
        assertThat(subRoute(100, 1)).isEqualTo(base);
        assertThat(subRoute(200, 1)).as("a processor's field").isNotEqualTo(base);
        assertThat(subRoute(100, 2)).as("a bean's field").isNotEqualTo(base);
    }
}
