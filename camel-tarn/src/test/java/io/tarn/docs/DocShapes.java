package io.tarn.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The location specs README.md and every page under src-docs/ show, as written there: in code blocks and in inline
 * code, every {@code levels(...)}, {@code fanout(...)}, {@code small(...)} and {@code readonly(...)} tree, and every
 * spec given as a lake's location ({@code location=RAW(...)}, {@code location=...}, {@code location: "..."},
 * {@code camel.component.tarn.lakes.NAME = ...}), leaves such as {@code caffeine:}, {@code redis:}, {@code s3:} alone
 * included. Java string concatenations are joined first, so a spec split over lines of a snippet is one spec. Each is
 * kept once, with the places that show it.
 */
final class DocShapes {
    /** A combinator that starts a tree (not a method such as {@code Levels.ofLevels(} or {@code .levels(}). */
    private static final Pattern COMBINATOR = Pattern.compile("(?<![\\w.#])(levels|fanout|small|readonly)\\(");
    /** A lake's location: in a URI (RAW or plain), a properties line, a YAML parameter. */
    private static final Pattern LOCATION = Pattern.compile(
            "(?:[?&]location=|\\.lakes\\.[\\w-]+\\s*=\\s*|\\.location\\s*=\\s*|\\blocation:\\s*\")(RAW\\()?");
    /** {@code "..." + "..."} in Java, over lines: the parts of one string. */
    private static final Pattern CONCATENATION = Pattern.compile("\"\\s*\\+\\s*\"");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");

    private DocShapes() {
    }

    /** Every spec the docs show, with where (doc:line), in the order first met. */
    static Map<String, List<String>> all(Path repository) {
        Map<String, List<String>> specs = new LinkedHashMap<>();
        for (Path doc : DocSnippet.docs(repository)) {
            for (DocSnippet block : DocSnippet.of(repository, doc)) {
                String text = CONCATENATION.matcher(block.text()).replaceAll("");
                for (String spec : specs(text)) {
                    specs.computeIfAbsent(spec, s -> new ArrayList<>()).add(block.where());
                }
            }
            List<String> lines = outsideCodeBlocks(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher code = INLINE_CODE.matcher(lines.get(i));
                while (code.find()) {
                    for (String spec : specs(code.group(1))) {
                        specs.computeIfAbsent(spec, s -> new ArrayList<>())
                                .add(repository.relativize(doc).toString().replace('\\', '/') + ":" + (i + 1));
                    }
                }
            }
        }
        return specs;
    }

    /** The specs in one text: trees first, then locations that are not inside a tree already found. */
    static List<String> specs(String text) {
        List<String> found = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        Matcher location = LOCATION.matcher(text);
        while (location.find()) {
            int start = location.end();
            int end = location.group(1) != null ? closing(text, start - 1) : plainEnd(text, start);
            if (end > start) {
                add(found, spans, text, start, end);
            }
        }
        Matcher tree = COMBINATOR.matcher(text);
        while (tree.find()) {
            int start = tree.start();
            int end = closing(text, tree.end() - 1);
            if (end > 0 && spans.stream().noneMatch(span -> span[0] <= start && start < span[1])) {
                add(found, spans, text, start, end + 1);
            }
        }
        return found;
    }

    private static void add(List<String> found, List<int[]> spans, String text, int start, int end) {
        String spec = text.substring(start, end).strip();
        spans.add(new int[] { start, end });
        if (!spec.isEmpty() && !spec.startsWith("#") && !spec.startsWith("{{") && !found.contains(spec)) {
            found.add(spec);
        }
    }

    /** The index of the parenthesis that closes the one at {@code open}, or -1. */
    private static int closing(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            } else if (c == '\n' && depth > 0 && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                return -1;  // a blank line: the text was cut off
            }
        }
        return -1;
    }

    /** Where a location given without RAW ends: at the next option, quote, space or end of line. */
    private static int plainEnd(String text, int start) {
        int i = start;
        int depth = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && (c == '&' || c == '"' || c == '\n' || c == '`')) {
                break;
            }
            i++;
        }
        return i;
    }

    /** The lines of a document, with those of fenced code blocks blanked (what they hold is found as blocks). */
    static List<String> outsideCodeBlocks(Path doc) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            boolean fence = lines.get(i).strip().startsWith("```");
            if (fence || inBlock) {
                lines.set(i, "");
            }
            if (fence) {
                inBlock = !inBlock;
            }
        }
        return lines;
    }
}
