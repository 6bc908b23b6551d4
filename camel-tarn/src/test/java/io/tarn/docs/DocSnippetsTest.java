package io.tarn.docs;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathFactory;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import org.springframework.context.support.GenericXmlApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.tarn.LocationSpecException;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;
import io.tarn.lake.Lake;
import io.tarn.location.disk.DiskLocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every code block, every {@code tarn:} URI and every location spec of README.md and src-docs/ (the pages under
 * src-docs/locations/ included) is run or checked, so that a page cannot drift from the code:
 * <ul>
 * <li>Java is compiled and its routes started in a CamelContext. <b>The convention</b>: a Java block is the body of
 * a {@code RouteBuilder}'s {@code configure()}, and it starts with the imports it needs, one type a line, as a reader
 * would paste them at the top of the class (no {@code .*} import). The test hoists those lines to the top of the
 * compilation unit and adds no other import: a snippet that uses a type it does not import does not compile, and
 * fails. What a snippet may use without an import is the builder's own (from, to, header, constant, getContext()...)
 * and what {@link DocsRouteBuilder} gives, as the text around a snippet does: {@code context}, {@code lake}, the
 * example steps {@code Parse} and {@code Score}, the secrets. A use of deprecated API fails too.</li>
 * <li>YAML routes are loaded by the YAML DSL and started; a YAML config.yml opens a lake.</li>
 * <li>Spring XML beans and routes start in a Spring context; a Maven dependency must be one this build has.</li>
 * <li>Properties start Camel Main and every lake they name stores and reads a value.</li>
 * <li>A {@code tarn:} URI in inline code of the text creates its endpoint and starts it in a CamelContext (an
 * unknown option fails); a URI with a placeholder ({@code NAME}, {@code [?options]}, {@code ${...}}) is counted as a
 * template, and one the text shows refused ({@link #REFUSED_URIS}) must be refused by the spec checks.</li>
 * <li>A shell block is not run, but what it names must exist: bin/ scripts and their flags, modules, profiles, main
 * classes, files.</li>
 * <li>Location specs (in code blocks and inline code) are parsed and run against real servers by
 * {@link DocShapesModelTest}; this test counts them per page.</li>
 * </ul>
 * Folders and servers the snippets name are moved to a temporary folder and a closed loopback port
 * ({@link DocEnvironment}). A block marked {@code <!-- file: PATH -->} must be a part of that file (which its own
 * build compiles and runs: the Spring Boot and Quarkus examples), and a Java one shows the imports of that file it
 * uses, first, as above; one marked {@code <!-- fragment: REASON -->} is not
 * run, for that reason. Every block needs a language this test knows; the languages it does not run say why
 * ({@link #NOT_RUN}), and a block in one of them that looks like Camel fails. A new block is therefore run as soon as
 * it is written, or fails until it is marked. The test prints, per page, what it ran and what it did not, and why.
 * It lives in camel-tarn, whose test class path has all a snippet needs (the component and tarn-core, the YAML and
 * XML DSLs, Spring XML, Camel Main, Micrometer); the Spring Boot and Quarkus pages show parts of their examples.
 */
class DocSnippetsTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    /** Why the blocks of the languages that are not run are not. */
    static final Map<String, String> NOT_RUN = Map.of(
            "shell", "commands: they build, install or start programs",
            "python", "Python tarn's code, shown beside its Camel counterpart",
            "nginx", "a web server's configuration",
            "text", "output, layouts and figures");

    /** A {@code tarn:} URI in inline code, alone (up to the span's end: a spec has spaces) or in to("...")/from("..."). */
    private static final Pattern INLINE_URI = Pattern.compile("(?<![\\w/.:])tarn:[^`\"]+");
    /** A URI that is a template: NAME, SPEC (RAW is Camel's), [?options], ${...}, #bean, an ellipsis. */
    private static final Pattern TEMPLATE = Pattern.compile("\\b(?!RAW\\b)[A-Z]{3,}\\b|\\[|\\$\\{|#bean\\b|\\.\\.\\.|…");
    /**
     * URIs the text shows as refused, per page: each must be refused by the spec checks ({@link LocationSpecException}),
     * so that the page stays right about it.
     */
    private static final Map<String, Set<String>> REFUSED_URIS = Map.of(
            "src-docs/locations/caffeine.md", Set.of("tarn:x?location=caffeine:hot?maxBytes=256MiB"));
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");

    @TempDir
    static Path tmp;
    /** Where the Java snippets are compiled (one javac run for all). */
    private static Path javaFolder;

    /** What ran, per page and kind ("java", "uri"...); what was not run, per page and reason. */
    private static final Map<String, Map<String, Integer>> RAN = new ConcurrentSkipListMap<>();
    private static final Map<String, Map<String, Integer>> NOT_RAN = new ConcurrentSkipListMap<>();

    private static void count(Map<String, Map<String, Integer>> counts, Path doc, String what) {
        counts.computeIfAbsent(doc.toString().replace('\\', '/'), d -> new ConcurrentSkipListMap<>())
                .merge(what, 1, Integer::sum);
    }

    private static List<DocSnippet> all() {
        return DocSnippet.docs(REPOSITORY).stream().flatMap(doc -> DocSnippet.of(REPOSITORY, doc).stream()).toList();
    }

    private static List<DocSnippet> javaSnippets() {
        return all().stream().filter(s -> s.language().equals("java") && !s.isFragment() && s.includedFile() == null).toList();
    }

    @Test
    void everyBlockHasALanguageAndEveryMarkSaysWhy() {
        List<DocSnippet> all = all();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (DocSnippet snippet : all) {
            if (snippet.language().isEmpty()) {
                problems.add(snippet.where() + ": a code block without a language: give it one (text for output)");
            } else if (!DocSnippet.RUN.contains(snippet.language()) && !NOT_RUN.containsKey(snippet.language())) {
                problems.add(snippet.where() + ": a code block in '" + snippet.language() + "', which this test does not know:"
                             + " use one of " + DocSnippet.RUN + " (run) or " + NOT_RUN.keySet() + " (not run)");
            } else if (!DocSnippet.RUN.contains(snippet.language()) && looksLikeCamel(snippet.text())) {
                problems.add(snippet.where() + ": a '" + snippet.language() + "' block that looks like a Camel route or"
                             + " configuration: label it java, yaml, xml or properties so that it runs");
            } else if (snippet.mark() != null && snippet.mark().substring(snippet.mark().indexOf(':') + 1).isBlank()) {
                problems.add(snippet.where() + ": a mark without a reason or file: " + snippet.mark());
            } else if (DocSnippet.RUN.contains(snippet.language())) {
                String how = snippet.isFragment() ? "fragment" : snippet.includedFile() != null ? "file" : "run";
                counts.merge(how, 1, Integer::sum);
            }
        }
        assertThat(problems).as("code blocks of the docs").isEmpty();
        System.out.println("DocSnippetsTest: " + counts.values().stream().mapToInt(Integer::intValue).sum()
                           + " Java/YAML/XML/properties snippets in " + DocSnippet.docs(REPOSITORY).size() + " documents: " + counts);
        assertThat(counts.getOrDefault("run", 0)).as("snippets run").isPositive();
    }

    private static boolean looksLikeCamel(String text) {
        return text.contains("from(\"") || text.contains("<route") || text.contains("- route:")
               || text.lines().anyMatch(line -> line.startsWith("camel."));
    }

    @TestFactory
    Stream<DynamicTest> everySnippetRuns() throws IOException {
        javaFolder = Files.createDirectories(tmp.resolve("java"));
        List<DynamicTest> tests = new ArrayList<>();
        for (DocSnippet s : all()) {
            if (DocSnippet.RUN.contains(s.language()) && !s.isFragment()) {
                tests.add(DynamicTest.dynamicTest(s.where() + " (" + s.language() + ")", () -> runNamed(s)));
            } else if (s.language().equals("shell") && !s.isFragment()) {
                tests.add(DynamicTest.dynamicTest(s.where() + " (shell, checked)", () -> checkShell(s)));
            } else if (s.isFragment()) {
                count(NOT_RAN, s.doc(), s.language() + ": " + s.mark().substring(s.mark().indexOf(':') + 1).trim());
            } else {
                count(NOT_RAN, s.doc(), s.language() + ": " + NOT_RUN.getOrDefault(s.language(), "unknown language"));
            }
        }
        return tests.stream();
    }

    private static final Pattern BIN = Pattern.compile("(?<![\\w/.])(bin/[\\w-]+)([^#()\\n;&|]*)");
    private static final Pattern FLAG = Pattern.compile("(?<=\\s)--[a-z][\\w-]*");
    private static final Pattern MODULES = Pattern.compile("(?<=\\s)-pl\\s+(\\S+)");
    private static final Pattern PROFILE = Pattern.compile("(?<=\\s)-P\\s*([\\w.-]+)");
    private static final Pattern MAIN_CLASS = Pattern.compile("\\bio\\.tarn\\.[\\w.]+\\.([A-Z]\\w*)\\b");
    private static final Pattern CD = Pattern.compile("(?m)^cd\\s+(\\S+)");
    private static final Pattern FILE_NAME = Pattern.compile("(?<=\\s)([\\w.-]+\\.(?:yaml|yml|properties|xml))(?=\\s|$)");

    /**
     * A shell block is not run (it builds, installs or starts programs), but what it names must exist: every bin/
     * script and the flags it is given, every -pl module, -P profile, cd folder, io.tarn main class and file name.
     */
    private void checkShell(DocSnippet snippet) throws IOException {
        String text = snippet.text();
        List<String> checked = new ArrayList<>();
        Matcher bin = BIN.matcher(text);
        while (bin.find()) {
            Path script = REPOSITORY.resolve(bin.group(1));
            assertThat(script).as(snippet.where() + " runs " + bin.group(1)).isRegularFile().isExecutable();
            String source = Files.readString(script);
            Matcher flag = FLAG.matcher(bin.group(2));
            while (flag.find()) {
                assertThat(Pattern.compile(Pattern.quote(flag.group()) + "(?![\\w-])").matcher(source).find())
                        .as(snippet.where() + ": " + bin.group(1) + " takes " + flag.group()).isTrue();
                checked.add(bin.group(1) + " " + flag.group());
            }
            checked.add(bin.group(1));
        }
        Matcher modules = MODULES.matcher(text);
        while (modules.find()) {
            for (String module : modules.group(1).split(",")) {
                assertThat(REPOSITORY.resolve(module).resolve("pom.xml")).as(snippet.where() + ": the module " + module).isRegularFile();
                checked.add("-pl " + module);
            }
        }
        Matcher profile = PROFILE.matcher(text);
        while (profile.find()) {
            String id = "<id>" + profile.group(1) + "</id>";
            try (Stream<Path> poms = Files.walk(REPOSITORY, 3)) {
                assertThat(poms.filter(p -> p.getFileName().toString().equals("pom.xml") && !p.toString().contains("/target/"))
                        .anyMatch(p -> read(p).contains(id))).as(snippet.where() + ": a pom has the profile " + profile.group(1)).isTrue();
            }
            checked.add("-P" + profile.group(1));
        }
        Matcher cd = CD.matcher(text);
        while (cd.find()) {
            assertThat(REPOSITORY.resolve(cd.group(1))).as(snippet.where() + ": cd " + cd.group(1)).isDirectory();
            checked.add("cd " + cd.group(1));
        }
        Matcher main = MAIN_CLASS.matcher(text);
        while (main.find()) {
            String file = main.group().replace('.', '/') + ".java";
            try (Stream<Path> poms = Files.walk(REPOSITORY, 3)) {
                assertThat(poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
                                   .anyMatch(p -> Files.isRegularFile(p.resolveSibling("src/main/java").resolve(file))))
                        .as(snippet.where() + ": the class " + main.group()).isTrue();
            }
            checked.add(main.group());
        }
        Matcher name = FILE_NAME.matcher(text);
        while (name.find()) {
            String wanted = name.group(1);
            try (Stream<Path> files = Files.walk(REPOSITORY.resolve("examples"))) {
                assertThat(files.anyMatch(p -> p.getFileName().toString().equals(wanted))).as(snippet.where() + ": the file " + wanted).isTrue();
            }
            checked.add(wanted);
        }
        count(checked.isEmpty() ? NOT_RAN : RAN, snippet.doc(),
              checked.isEmpty() ? "shell: " + NOT_RUN.get("shell") + ", and it names nothing of the repository" : "shell (names checked)");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every tarn: URI of the text (inline code, outside the code blocks, which run theirs) creates its endpoint. */
    @TestFactory
    Stream<DynamicTest> everyUriOfTheTextCreatesItsEndpoint() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : DocSnippet.docs(REPOSITORY)) {
            Path relative = REPOSITORY.relativize(doc);
            List<String> lines = DocShapes.outsideCodeBlocks(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher code = INLINE_CODE.matcher(lines.get(i));
                while (code.find()) {
                    Matcher uri = INLINE_URI.matcher(code.group(1));
                    while (uri.find()) {
                        String text = uri.group().strip();
                        if (text.equals("tarn:")) {
                            continue;   // the scheme, named
                        }
                        if (TEMPLATE.matcher(text).find()) {
                            count(NOT_RAN, relative, "uri: a template (NAME, [?options], ${...}, #bean, ...)");
                            continue;
                        }
                        String where = relative.toString().replace('\\', '/') + ":" + (i + 1);
                        boolean refused = REFUSED_URIS.getOrDefault(relative.toString().replace('\\', '/'), Set.of()).contains(text);
                        tests.add(DynamicTest.dynamicTest(where + " " + text + (refused ? " (refused)" : ""),
                                                          () -> runUri(relative, where, text, refused)));
                    }
                }
            }
        }
        assertThat(tests).as("tarn: URIs in the text of the docs").isNotEmpty();
        return tests.stream();
    }

    /** Creates the URI's endpoint as a route's producer and starts it (a #bean it names is a disk lake). */
    private void runUri(Path doc, String where, String uri, boolean refused) throws Exception {
        DocEnvironment environment = new DocEnvironment(Files.createTempDirectory(tmp, "uri-"));
        String rewritten = environment.rewrite(uri);
        try (CamelContext context = new DefaultCamelContext()) {
            context.getComponent("tarn", TarnComponent.class).setBaseDirectory(environment.root().resolve("base").toString());
            Matcher bean = Pattern.compile("#(?:bean:)?([A-Za-z][\\w-]*)").matcher(uri);
            while (bean.find()) {
                context.getRegistry().bind(bean.group(1), DiskLocation.open(environment.root().resolve("beans").resolve(bean.group(1))));
            }
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:uri").to(rewritten);
                }
            });
            try {
                startAndCheck(context);
                assertThat(refused).as("The URI " + uri + " at " + where + " is shown refused, and it is not: fix the page"
                                       + " (or REFUSED_URIS)").isFalse();
            } catch (RuntimeException e) {
                if (!refused) {
                    throw new AssertionError("The URI " + uri + " at " + where + " does not create its endpoint: " + e.getMessage(), e);
                }
                assertThat(Stream.iterate((Throwable) e, Objects::nonNull, Throwable::getCause))
                        .as("why " + uri + " at " + where + " is refused (the spec checks, nothing else): " + e)
                        .anyMatch(LocationSpecException.class::isInstance);
            }
        }
        count(RAN, doc, refused ? "uri (refused)" : "uri");
    }

    /** Per page: what ran, by kind; the specs DocShapesModelTest runs; what did not run, and why. */
    @AfterAll
    static void report() {
        Map<String, Integer> specs = new TreeMap<>();
        DocShapes.all(REPOSITORY).values().forEach(places -> places.stream().map(place -> place.substring(0, place.lastIndexOf(':')))
                .distinct().forEach(page -> specs.merge(page, 1, Integer::sum)));
        StringBuilder out = new StringBuilder("DocSnippetsTest: what the docs show, per page\n");
        Map<String, Integer> ranTotal = new TreeMap<>();
        Map<String, Integer> notRanTotal = new TreeMap<>();
        for (Path docPath : DocSnippet.docs(REPOSITORY)) {
            String doc = REPOSITORY.relativize(docPath).toString().replace('\\', '/');
            Map<String, Integer> ran = RAN.getOrDefault(doc, Map.of());
            Map<String, Integer> notRan = NOT_RAN.getOrDefault(doc, Map.of());
            out.append("  ").append(doc).append(": ran ").append(ran.isEmpty() ? "nothing" : ran)
                    .append("; specs (run by DocShapesModelTest) ").append(specs.getOrDefault(doc, 0));
            if (!notRan.isEmpty()) {
                out.append("; not run: ").append(notRan);
            }
            out.append('\n');
            ran.forEach((kind, n) -> ranTotal.merge(kind, n, Integer::sum));
            notRan.forEach((why, n) -> notRanTotal.merge(why.substring(0, why.indexOf(':')), n, Integer::sum));
        }
        out.append("  total: ran ").append(ranTotal.values().stream().mapToInt(Integer::intValue).sum()).append(' ').append(ranTotal)
                .append("; specs ").append(specs.values().stream().mapToInt(Integer::intValue).sum())
                .append("; not run ").append(notRanTotal.values().stream().mapToInt(Integer::intValue).sum()).append(' ')
                .append(notRanTotal);
        System.out.println(out);
    }

    /** Runs a snippet; a failure names it (build tools print a dynamic test by its index only). */
    private void runNamed(DocSnippet snippet) throws Exception {
        try {
            run(snippet);
            count(RAN, snippet.doc(), snippet.includedFile() != null ? "file:" + snippet.language() : snippet.language());
        } catch (TestAbortedException skipped) {
            count(NOT_RAN, snippet.doc(), snippet.language() + ": skipped: " + skipped.getMessage());
            throw skipped; // reported as skipped, with its reason
        } catch (Exception | AssertionError e) {
            throw new AssertionError("The " + snippet.language() + " snippet at " + snippet.where() + " fails: " + e.getMessage(), e);
        }
    }

    private void run(DocSnippet snippet) throws Exception {
        if (snippet.includedFile() != null) {
            Path file = REPOSITORY.resolve(snippet.includedFile());
            assertThat(file).as(snippet.where() + " names a file of the repository").isRegularFile();
            String content = Files.readString(file);
            String text = snippet.text();
            if (snippet.language().equals("java")) {
                text = checkShownImports(snippet, content);
            }
            assertThat(content).as(snippet.where() + ": the snippet is a part of " + snippet.includedFile()).contains(text);
            return;
        }
        if (snippet.language().equals("java")) {
            runJava(snippet);
            return;
        }
        Path folder = Files.createTempDirectory(tmp, snippet.doc().getFileName() + "-" + snippet.line() + "-");
        DocEnvironment environment = new DocEnvironment(folder);
        String text = environment.rewrite(snippet.text());
        switch (snippet.language()) {
            case "yaml" -> runYaml(text, environment);
            case "xml" -> runXml(text, environment);
            case "properties" -> runProperties(text, environment);
            default -> throw new AssertionError(snippet.language());
        }
    }

    // --- Java -----------------------------------------------------------------------------------------------------

    /**
     * The imports a Java snippet that is a part of a file shows (its first lines) are imports of that file, and every
     * import of the file that the rest of the snippet uses is shown; returns the rest, which must be in the file as is.
     */
    private static String checkShownImports(DocSnippet snippet, String file) {
        List<String> lines = snippet.text().lines().toList();
        int body = 0;
        while (body < lines.size() && (IMPORT.matcher(lines.get(body)).matches() || lines.get(body).isBlank())) {
            body++;
        }
        Set<String> shown = lines.subList(0, body).stream().filter(line -> !line.isBlank()).map(String::strip)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> imports = file.lines().map(String::strip).filter(line -> IMPORT.matcher(line).matches())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(imports).as(snippet.where() + ": the imports it shows are imports of " + snippet.includedFile())
                .containsAll(shown);
        String rest = String.join("\n", lines.subList(body, lines.size())) + "\n";
        List<String> missing = imports.stream().filter(line -> !shown.contains(line)).filter(line -> {
            String type = line.replaceAll("^import\\s+(static\\s+)?|\\s*;.*$", "");
            return Pattern.compile("\\b" + Pattern.quote(type.substring(type.lastIndexOf('.') + 1)) + "\\b").matcher(rest).find();
        }).toList();
        assertThat(missing).as(snippet.where() + ": imports of " + snippet.includedFile() + " that the snippet uses and"
                               + " does not show (show them above it)").isEmpty();
        return rest;
    }

    /** An import line of a Java snippet: single-type or static, never a whole package. */
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?[\\w.]+\\s*;\\s*(//.*)?$");

    /**
     * A Java snippet made a compilation unit: its import lines first (as the page shows them), then the rest of it as
     * the body of {@code configure()} of a {@link DocsRouteBuilder}; {@code lines[i]} is the snippet's line of the
     * unit's line {@code i + 1}, 0 for a line the test wrote.
     */
    private record JavaUnit(DocSnippet snippet, DocEnvironment environment, String className, String source, int[] lines) {
        static JavaUnit of(DocSnippet snippet, DocEnvironment environment, int number) {
            List<String> text = environment.rewrite(snippet.text()).lines().toList();
            int body = 0;
            while (body < text.size() && (IMPORT.matcher(text.get(body)).matches() || text.get(body).isBlank())) {
                body++;
            }
            String pkg = "docs.s" + number;
            List<String> source = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            source.add("package " + pkg + ";");
            lines.add(0);
            for (int i = 0; i < body; i++) {
                source.add(text.get(i));
                lines.add(i + 1);
            }
            // nothing else is imported: the builder's own members (from, to, getContext()...) and DocsRouteBuilder's
            for (String line : List.of("public class Snippet extends " + DocsRouteBuilder.class.getName() + " {",
                                       "    public Snippet(org.apache.camel.CamelContext context, java.nio.file.Path lakeFolder) {",
                                       "        super(context, lakeFolder);", "    }", "    @Override",
                                       "    public void configure() throws Exception {")) {
                source.add(line);
                lines.add(0);
            }
            for (int i = body; i < text.size(); i++) {
                source.add(text.get(i));
                lines.add(i + 1);
            }
            source.add("    }");
            source.add("}");
            lines.add(0);
            lines.add(0);
            return new JavaUnit(snippet, environment, pkg + ".Snippet", String.join("\n", source) + "\n",
                                lines.stream().mapToInt(Integer::intValue).toArray());
        }

        String where(long unitLine) {
            int line = unitLine >= 1 && unitLine <= lines.length ? lines[(int) unitLine - 1] : 0;
            return line == 0 ? snippet.where() + " (the test's wrapper, line " + unitLine + ")"
                    : snippet.doc().toString().replace('\\', '/') + ":" + (snippet.line() + line);
        }
    }

    /** The Java snippets compiled together (one javac run), with each one's errors. */
    private static final class JavaSnippets {
        final Map<DocSnippet, JavaUnit> units = new LinkedHashMap<>();
        final Map<DocSnippet, List<String>> errors = new LinkedHashMap<>();
        URLClassLoader loader;
    }

    private static JavaSnippets compiledJava;

    /**
     * Compiles every Java snippet in one javac run (a run per snippet costs seconds each); a snippet that does not
     * compile is left out and the others compiled again, so that one broken snippet fails alone. A use of deprecated
     * API is an error: the docs show the current API.
     */
    private static synchronized JavaSnippets java(List<DocSnippet> snippets, Path folder) throws IOException {
        if (compiledJava != null) {
            return compiledJava;
        }
        JavaSnippets compiled = new JavaSnippets();
        for (DocSnippet snippet : snippets) {
            Path root = Files.createDirectories(folder.resolve("s" + compiled.units.size()));
            compiled.units.put(snippet, JavaUnit.of(snippet, new DocEnvironment(root), compiled.units.size()));
        }
        Path sources = Files.createDirectories(folder.resolve("src"));
        Path classes = Files.createDirectories(folder.resolve("classes"));
        Map<String, JavaUnit> byFile = new HashMap<>();
        List<File> files = new ArrayList<>();
        for (JavaUnit unit : compiled.units.values()) {
            Path src = sources.resolve(unit.className().replace('.', '/') + ".java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, unit.source());
            byFile.put(src.toUri().getPath(), unit);
            files.add(src.toFile());
        }
        try (StandardJavaFileManager manager = JAVAC.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            while (!files.isEmpty()) {
                DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
                boolean ok = JAVAC.getTask(null, manager, diagnostics, List.of("-d", classes.toString(), "-classpath", classPath(),
                                                                               "-proc:none", "-Xlint:deprecation", "-Xlint:removal"),
                                           null, manager.getJavaFileObjectsFromFiles(files)).call();
                Set<JavaUnit> failed = new LinkedHashSet<>();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    boolean deprecated = d.getCode() != null && d.getCode().startsWith("compiler.warn.has.been.deprecated");
                    if (d.getKind() != Diagnostic.Kind.ERROR && !deprecated) {
                        continue;
                    }
                    JavaUnit unit = d.getSource() == null ? null : byFile.get(d.getSource().toUri().getPath());
                    if (unit == null) {
                        throw new AssertionError("javac failed outside the snippets: " + d.getMessage(Locale.ROOT));
                    }
                    compiled.errors.computeIfAbsent(unit.snippet(), s -> new ArrayList<>()).add(unit.where(d.getLineNumber()) + ": "
                            + (deprecated ? "deprecated API (the docs show the current API): " : "") + d.getMessage(Locale.ROOT));
                    failed.add(unit);
                }
                if (ok && failed.isEmpty()) {
                    break;
                }
                if (failed.isEmpty()) {
                    throw new AssertionError("javac failed on the snippets without naming one: " + diagnostics.getDiagnostics());
                }
                files.removeIf(file -> failed.contains(byFile.get(file.toURI().getPath())));
            }
        }
        compiled.loader = new URLClassLoader(new URL[] { classes.toUri().toURL() }, DocSnippetsTest.class.getClassLoader());
        compiledJava = compiled;
        return compiledJava;
    }

    private void runJava(DocSnippet snippet) throws Exception {
        JavaSnippets compiled = java(javaSnippets(), javaFolder);
        List<String> errors = compiled.errors.get(snippet);
        assertThat(errors).as("the Java snippet at " + snippet.where() + " compiles with the imports it shows (no other"
                              + " import is added; see the top of DocSnippetsTest):\n"
                              + (errors == null ? "" : String.join("\n", errors))).isNull();
        JavaUnit unit = compiled.units.get(snippet);
        DocEnvironment environment = unit.environment();
        try (CamelContext context = context(environment)) {
            Class<?> type = compiled.loader.loadClass(unit.className());
            context.addRoutes((DocsRouteBuilder) type.getConstructor(CamelContext.class, Path.class)
                    .newInstance(context, environment.root().resolve("given-lake")));
            startAndCheck(context);
        }
    }

    private static String classPath;

    /** The test class path, also when surefire hands it over in a manifest-only jar. */
    private static synchronized String classPath() throws IOException {
        if (classPath != null) {
            return classPath;
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest manifest = jar.getManifest();
                    String more = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                    if (more != null) {
                        for (String url : more.trim().split("\\s+")) {
                            entries.add(Path.of(URI.create(url)).toString());
                        }
                    }
                }
            }
        }
        classPath = String.join(File.pathSeparator, entries);
        return classPath;
    }

    // --- YAML -----------------------------------------------------------------------------------------------------

    private void runYaml(String text, DocEnvironment environment) throws Exception {
        if (!text.stripLeading().startsWith("- ")) {
            // a lake's config.yml: a lake opens with it (the open checks every key, as Python tarn's would) and lists
            Path lakeFolder = Files.createDirectories(environment.root().resolve("lake"));
            Files.writeString(lakeFolder.resolve("config.yml"), text);
            try (Lake lake = new Lake(DiskLocation.open(lakeFolder)); var contents = lake.location().contents()) {
                assertThat(contents.count()).isZero();
            }
            return;
        }
        try (CamelContext context = context(environment)) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("snippet.yaml", text));
            startAndCheck(context);
        }
    }

    // --- XML ------------------------------------------------------------------------------------------------------

    private void runXml(String text, DocEnvironment environment) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document document = factory.newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new StringReader("<snippet>" + text + "</snippet>")));
        List<Element> elements = new ArrayList<>();
        for (Node node = document.getDocumentElement().getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        if (elements.size() == 1 && elements.get(0).getTagName().equals("dependency")) {
            checkDependency(elements.get(0));
            return;
        }
        assumeSpringXml();
        StringBuilder beans = new StringBuilder();
        StringBuilder routes = new StringBuilder();
        for (Element element : elements) {
            (element.getTagName().equals("bean") ? beans : routes).append(serialize(element)).append('\n');
        }
        String xml = "<beans xmlns=\"http://www.springframework.org/schema/beans\""
                     + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\""
                     + "http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd"
                     + " http://camel.apache.org/schema/spring http://camel.apache.org/schema/spring/camel-spring.xsd\">\n"
                     + "<bean id=\"tarn\" class=\"" + TarnComponent.class.getName() + "\"><property name=\"baseDirectory\" value=\""
                     + environment.root().resolve("base") + "\"/></bean>\n" + beans
                     + "<camelContext id=\"docs\" xmlns=\"http://camel.apache.org/schema/spring\">\n" + routes + "</camelContext>\n</beans>\n";
        try (GenericXmlApplicationContext spring = new GenericXmlApplicationContext()) {
            spring.setValidating(false);
            spring.load(new ByteArrayResource(xml.getBytes(StandardCharsets.UTF_8), "the XML snippet"));
            spring.refresh();
            startAndCheck(spring.getBean(CamelContext.class));
        }
    }

    private static String serialize(Element element) throws Exception {
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(element), new StreamResult(out));
        return out.toString();
    }

    /**
     * Spring XML routes need camel-spring-xml of the build's Camel; a profile of the version matrix that cannot have it
     * says why in tarn.springXml.unavailable, and the snippet is reported skipped with that reason.
     */
    private static void assumeSpringXml() {
        String why = System.getProperty("tarn.springXml.unavailable");
        Assumptions.assumeTrue(why == null, why);
    }

    /** A Maven dependency of the docs is one camel-tarn has (optional, for the user to add), at the build's version. */
    private static void checkDependency(Element dependency) throws Exception {
        String groupId = child(dependency, "groupId");
        String artifactId = child(dependency, "artifactId");
        String version = child(dependency, "version");
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(REPOSITORY.resolve("camel-tarn/pom.xml"))));
        List<String> ours = new ArrayList<>();
        var nodes = pom.getElementsByTagName("dependency");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            ours.add(child(element, "groupId") + ":" + child(element, "artifactId"));
        }
        assertThat(ours).as("camel-tarn's dependencies").contains(groupId + ":" + artifactId);
        if (version != null) {
            assertThat(version).as("the version of " + artifactId).isEqualTo(documentedCamel());
        }
    }

    /**
     * The Camel the docs name: the one this project is built on, the root pom's camel.version (the version matrix's
     * profiles build on newer ones too, which the docs do not name).
     */
    private static String documentedCamel() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(REPOSITORY.resolve("pom.xml"))));
        return XPathFactory.newInstance().newXPath().evaluate("/project/properties/camel.version", pom).trim();
    }

    private static String child(Element element, String name) {
        var nodes = element.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    // --- properties -----------------------------------------------------------------------------------------------

    private void runProperties(String text, DocEnvironment environment) throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        Main main = new Main();
        main.addInitialProperty("camel.component.tarn.base-directory", environment.root().resolve("base").toString());
        properties.forEach((key, value) -> main.addInitialProperty((String) key, (String) value));
        main.start();
        try {
            CamelContext context = main.getCamelContext();
            ProducerTemplate template = context.createProducerTemplate();
            for (String key : properties.stringPropertyNames()) {
                String[] parts = key.split("\\.");
                if (key.startsWith("camel.beans.") && parts.length == 3) {
                    assertThat(context.getRegistry().lookupByName(parts[2])).as("the bean " + parts[2]).isNotNull();
                }
                if (key.startsWith("camel.component.tarn.lakes.")) {
                    String lake = key.substring("camel.component.tarn.lakes.".length());
                    String stored = template.request("tarn:" + lake, e -> e.getIn().setBody("a value"))
                            .getMessage().getHeader(TarnConstants.KEY, String.class);
                    assertThat(template.requestBodyAndHeader("tarn:" + lake + "?operation=read", null, TarnConstants.KEY, stored,
                                                             String.class)).as("the lake " + lake).isEqualTo("a value");
                }
            }
        } finally {
            main.stop();
        }
    }

    // --- shared ---------------------------------------------------------------------------------------------------

    /** A CamelContext whose default lakes are in the temporary folder, with the beans the docs name. */
    private static CamelContext context(DocEnvironment environment) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getComponent("tarn", TarnComponent.class).setBaseDirectory(environment.root().resolve("base").toString());
        context.getRegistry().bind("hot", DiskLocation.open(environment.root().resolve("beans/hot")));
        context.getRegistry().bind("scorer", new DocsRouteBuilder.Scorer());
        return context;
    }

    private static void startAndCheck(CamelContext context) {
        context.start();
        for (Route route : context.getRoutes()) {
            assertThat(context.getRouteController().getRouteStatus(route.getRouteId()))
                    .as("route " + route.getRouteId() + " from " + route.getEndpoint().getEndpointBaseUri()).isEqualTo(ServiceStatus.Started);
        }
    }
}
