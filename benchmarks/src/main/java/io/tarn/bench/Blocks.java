package io.tarn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A block of performance.md between two marks, below the notes line, which one mode of bin/bench rewrites alone. */
final class Blocks {
    private Blocks() {
    }

    /** Replaces the block from {@code begin} to {@code end} (both included in {@code block}), or adds it below the notes. */
    static void write(Path page, String begin, String end, String block) throws IOException {
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
        Files.createDirectories(page.getParent());
        Files.writeString(page, updated, StandardCharsets.UTF_8);
    }
}
