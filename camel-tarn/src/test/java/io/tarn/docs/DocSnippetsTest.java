package io.tarn.docs;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
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

import io.tarn.Lake;
import io.tarn.location.disk.DiskLocation;
import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java, YAML, XML and properties snippet of README.md and src-docs/ is run, so that a snippet that stops working
 * fails the build: Java is compiled as the body of a {@link DocsRouteBuilder} and its routes started in a
 * CamelContext; YAML routes are loaded by the YAML DSL and started; a YAML config.yml opens a lake and stores a value;
 * Spring XML beans and routes start in a Spring context; a Maven dependency must be one this build has; properties
 * start Camel Main and every lake they name stores and reads a value. Folders and servers the snippets name are moved
 * to a temporary folder and a closed loopback port ({@link DocEnvironment}). A block marked
 * {@code <!-- file: PATH -->} must be a part of that file (which its own build runs); one marked
 * {@code <!-- fragment: REASON -->} is not run. Every block needs a language, and one this test knows.
 */
class DocSnippetsTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    @TempDir
    Path tmp;

    private static List<DocSnippet> all() {
        return DocSnippet.docs(REPOSITORY).stream().flatMap(doc -> DocSnippet.of(REPOSITORY, doc).stream()).toList();
    }

    @Test
    void everyBlockHasALanguageAndEveryMarkSaysWhy() {
        List<DocSnippet> all = all();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (DocSnippet snippet : all) {
            if (snippet.language().isEmpty()) {
                problems.add(snippet.where() + ": a code block without a language: give it one (text for output)");
            } else if (!DocSnippet.RUN.contains(snippet.language()) && !DocSnippet.OTHER.contains(snippet.language())) {
                problems.add(snippet.where() + ": a code block in '" + snippet.language() + "', which this test does not know:"
                             + " use one of " + DocSnippet.RUN + " (run) or " + DocSnippet.OTHER + " (not run)");
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
    Stream<DynamicTest> everySnippetRuns() {
        return all().stream().filter(s -> DocSnippet.RUN.contains(s.language()) && !s.isFragment())
                .map(s -> DynamicTest.dynamicTest(s.where() + " (" + s.language() + ")", () -> runNamed(s)));
    }

    /** Runs a snippet; a failure names it (build tools print a dynamic test by its index only). */
    private void runNamed(DocSnippet snippet) throws Exception {
        try {
            run(snippet);
        } catch (TestAbortedException skipped) {
            throw skipped; // reported as skipped, with its reason
        } catch (Exception | AssertionError e) {
            throw new AssertionError("The " + snippet.language() + " snippet at " + snippet.where() + " fails: " + e.getMessage(), e);
        }
    }

    private void run(DocSnippet snippet) throws Exception {
        if (snippet.includedFile() != null) {
            Path file = REPOSITORY.resolve(snippet.includedFile());
            assertThat(file).as(snippet.where() + " names a file of the repository").isRegularFile();
            assertThat(Files.readString(file)).as(snippet.where() + ": the snippet is a part of " + snippet.includedFile())
                    .contains(snippet.text());
            return;
        }
        Path folder = Files.createTempDirectory(tmp, snippet.doc().getFileName() + "-" + snippet.line() + "-");
        DocEnvironment environment = new DocEnvironment(folder);
        String text = environment.rewrite(snippet.text());
        switch (snippet.language()) {
            case "java" -> runJava(snippet, text, environment);
            case "yaml" -> runYaml(text, environment);
            case "xml" -> runXml(text, environment);
            case "properties" -> runProperties(text, environment);
            default -> throw new AssertionError(snippet.language());
        }
    }

    // --- Java -----------------------------------------------------------------------------------------------------

    private static final String HEADER_IMPORTS = "import java.io.*;\nimport java.net.URI;\nimport java.nio.file.Path;\n"
                                                 + "import java.nio.file.Files;\nimport java.time.Duration;\nimport java.util.*;\n"
                                                 + "import org.apache.camel.*;\n";

    private void runJava(DocSnippet snippet, String text, DocEnvironment environment) throws Exception {
        String header = "package docs;\n" + HEADER_IMPORTS + tarnImports()
                        + "public class Snippet extends " + DocsRouteBuilder.class.getName() + " {\n"
                        + "    public Snippet(CamelContext context, Path lakeFolder) { super(context, lakeFolder); }\n"
                        + "    @Override\n    public void configure() throws Exception {\n";
        Path src = environment.root().resolve("src/docs/Snippet.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, header + text + "\n    }\n}\n");
        Path classes = Files.createDirectories(environment.root().resolve("classes"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = JAVAC.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean compiled = JAVAC.getTask(null, files, diagnostics,
                                             List.of("-d", classes.toString(), "-classpath", classPath(), "-proc:none"), null,
                                             files.getJavaFileObjects(src.toFile())).call();
            int offset = (int) header.lines().count();
            String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> snippet.doc() + ":" + (snippet.line() + d.getLineNumber() - offset) + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n"));
            assertThat(compiled).as("the Java snippet at " + snippet.where() + " compiles:\n" + errors).isTrue();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() }, getClass().getClassLoader());
             CamelContext context = context(environment)) {
            Class<?> type = loader.loadClass("docs.Snippet");
            context.addRoutes((DocsRouteBuilder) type.getConstructor(CamelContext.class, Path.class)
                    .newInstance(context, environment.root().resolve("given-lake")));
            startAndCheck(context);
        }
    }

    private static String imports;
    private static String classPath;

    /** Every package of camel-tarn (wherever its classes are), so that snippets keep compiling when classes move. */
    private static synchronized String tarnImports() throws IOException {
        if (imports != null) {
            return imports;
        }
        Set<String> packages = new java.util.TreeSet<>();
        for (String entry : classPath().split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.endsWith("test-classes")) {
                continue;   // the tests' own packages are no API a snippet may use
            }
            if (Files.isDirectory(path.resolve("io/tarn"))) {
                try (Stream<Path> classes = Files.walk(path.resolve("io/tarn"))) {
                    classes.filter(p -> p.toString().endsWith(".class"))
                            .forEach(p -> packages.add(path.relativize(p.getParent()).toString().replace(File.separatorChar, '.')));
                }
            } else if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/tarn/") && n.endsWith(".class"))
                            .forEach(n -> packages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
                }
            }
        }
        imports = packages.stream().map(p -> "import " + p + ".*;\n").collect(Collectors.joining());
        return imports;
    }

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
                            entries.add(Path.of(java.net.URI.create(url)).toString());
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
