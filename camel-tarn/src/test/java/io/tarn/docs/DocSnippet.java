package io.tarn.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fenced code block of the user documentation (README.md and every .md under src-docs/), with the mark on the
 * line before its fence, if any: {@code <!-- fragment: REASON -->} (not run, for that reason) or
 * {@code <!-- file: PATH -->} (its text is a part of that file, which the build compiles and runs).
 */
record DocSnippet(Path doc, int line, String language, String text, String mark) {

    /** The languages whose snippets are run. */
    static final Set<String> RUN = Set.of("java", "yaml", "xml", "properties");
    /** The other languages a block may be in, and why they are not run: {@link DocSnippetsTest#NOT_RUN}. */

    private static final Pattern FENCE = Pattern.compile("^( *)(```+)\\s*(\\S*)\\s*$");
    private static final Pattern MARK = Pattern.compile("^\\s*<!--\\s*(fragment|file):\\s*(.*?)\\s*-->\\s*$");

    String where() {
        return doc.toString().replace('\\', '/') + ":" + line;
    }

    boolean isFragment() {
        return mark != null && mark.startsWith("fragment:");
    }

    /** The file a {@code file:} mark names, relative to the repository. */
    String includedFile() {
        return mark != null && mark.startsWith("file:") ? mark.substring(5).trim() : null;
    }

    /** README.md and every .md below src-docs/, as the repository holds them. */
    static List<Path> docs(Path repository) {
        List<Path> docs = new ArrayList<>();
        docs.add(repository.resolve("README.md"));
        try (Stream<Path> files = Files.walk(repository.resolve("src-docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** Every fenced block of a document; an unclosed fence is an error. */
    static List<DocSnippet> of(Path repository, Path doc) {
        List<String> lines;
        try {
            lines = Files.readAllLines(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<DocSnippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            String fence = open.group(2);
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).equals(indent + fence); i++) {
                String line = lines.get(i);
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading()).append('\n');
            }
            if (i == lines.size()) {
                throw new AssertionError(repository.relativize(doc) + ":" + (start + 1) + ": the code block is never closed");
            }
            Matcher mark = start > 0 ? MARK.matcher(lines.get(start - 1)) : null;
            snippets.add(new DocSnippet(repository.relativize(doc), start + 1, open.group(3), text.toString(),
                                        mark != null && mark.matches() ? mark.group(1) + ": " + mark.group(2) : null));
        }
        return snippets;
    }
}
