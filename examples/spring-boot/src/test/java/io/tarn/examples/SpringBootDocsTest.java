package io.tarn.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every snippet of src-docs/spring-boot.md (but the shell commands) is a literal part of a file of this example: the
 * page shows what runs. A snippet may be indented less than in its file, by the same amount on every line. The import
 * lines a Java snippet starts with are imports of that file (DocSnippetsTest checks that they are the ones it uses).
 */
class SpringBootDocsTest {
    private static final Path PAGE = Path.of("../../src-docs/spring-boot.md");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```$");

    private static List<List<String>> exampleFiles() throws IOException {
        List<List<String>> files = new ArrayList<>();
        files.add(Files.readAllLines(Path.of("pom.xml")));
        try (Stream<Path> sources = Files.walk(Path.of("src/main"))) {
            for (Path source : sources.filter(Files::isRegularFile).toList()) {
                files.add(Files.readAllLines(source));
            }
        }
        return files;
    }

    /** Whether the snippet's lines are consecutive lines of the file, each with the same added indentation. */
    private static boolean contains(List<String> file, List<String> snippet) {
        for (int start = 0; start + snippet.size() <= file.size(); start++) {
            String first = file.get(start);
            if (!first.endsWith(snippet.get(0)) || !first.substring(0, first.length() - snippet.get(0).length()).isBlank()) {
                continue;
            }
            String indent = first.substring(0, first.length() - snippet.get(0).length());
            boolean all = true;
            for (int i = 0; i < snippet.size() && all; i++) {
                String line = snippet.get(i);
                all = file.get(start + i).equals(line.isEmpty() ? "" : indent + line);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everySnippetOfTheSpringBootPageIsPartOfTheExample() throws IOException {
        List<List<String>> files = exampleFiles();
        Matcher snippets = FENCE.matcher(Files.readString(PAGE));
        List<String> checked = new ArrayList<>();
        List<String> strays = new ArrayList<>();
        while (snippets.find()) {
            if (snippets.group(1).equals("shell")) {
                continue;
            }
            List<String> lines = snippets.group(2).lines().toList();
            // a Java snippet shows the imports it needs first: they are imports of the file that holds the rest
            int body = 0;
            while (body < lines.size() && (lines.get(body).startsWith("import ") || lines.get(body).isBlank())) {
                body++;
            }
            List<String> imports = lines.subList(0, body).stream().filter(line -> !line.isBlank()).toList();
            List<String> snippet = lines.subList(body, lines.size());
            checked.add(snippet.get(0));
            if (files.stream().noneMatch(file -> contains(file, snippet) && file.containsAll(imports))) {
                strays.add(snippets.group());
            }
        }
        assertThat(checked).as("snippets of " + PAGE).hasSizeGreaterThanOrEqualTo(4);
        assertThat(strays).as("snippets of " + PAGE + " that are in no file of examples/spring-boot").isEmpty();
    }
}
