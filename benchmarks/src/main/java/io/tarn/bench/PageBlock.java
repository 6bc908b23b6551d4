package io.tarn.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A block of a page (performance.md, observability.md) that one series owns, between its begin and end lines, below the notes line (so that a
 * full bin/bench run keeps it): written in place of the previous one, or added after the notes line.
 */
final class PageBlock {
    private PageBlock() {
    }

    /** @param block the whole block, from {@code begin} to {@code end} and its line end */
    static void write(Path page, String begin, String end, String block) throws Exception {
        String old = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : Bench.NOTES + "\n";
        int at = old.indexOf(begin);
        String updated;
        if (at >= 0) {
            updated = old.substring(0, at) + block + old.substring(old.indexOf(end, at) + end.length()).replaceFirst("^\n", "");
        } else {
            int notes = old.indexOf(Bench.NOTES);
            int after = Math.min(notes < 0 ? old.length() : notes + Bench.NOTES.length() + 1, old.length());
            updated = old.substring(0, after) + "\n" + block + "\n" + old.substring(after);
        }
        Files.createDirectories(page.toAbsolutePath().getParent());
        Files.writeString(page, updated, StandardCharsets.UTF_8);
    }
}
