package io.tarn.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of expected outcomes in the "Fault matrix" section of src-docs/reliability.md: one row per (shape,
 * fault), one column per operation, preceded by a line with the counts. Parsed into cells, rendered from observed
 * outcomes, and replaced in place (the counts line and the table only; the prose around them is left as it is).
 */
final class MatrixTable {
    static final String HEADING = "## Fault matrix";
    private static final String COUNTS_START = "**";
    private static final String COUNTS_MARK = " cells**: ";

    private MatrixTable() {
    }

    /** One cell of the matrix. */
    record Cell(String shape, String fault, String operation) {
        @Override
        public String toString() {
            return shape + " / " + fault + " / " + operation;
        }
    }

    /** What the doc says: its counts line (or null) and every cell it has. */
    record Expected(String counts, Map<Cell, String> cells) {
    }

    static String countsLine(int shapes, int faults, int operations) {
        return String.format("**%,d cells**: %d shapes × %d faults (none included) × %d operations.",
                shapes * faults * operations, shapes, faults, operations);
    }

    /** The counts line and the table for these outcomes, rows in the given order. */
    static String render(List<String> shapes, List<String> faults, List<String> operations, Map<Cell, String> outcomes) {
        StringBuilder out = new StringBuilder(countsLine(shapes.size(), faults.size(), operations.size())).append("\n\n");
        out.append("| shape | fault | ").append(String.join(" | ", operations)).append(" |\n");
        out.append("|---|---|").append("---|".repeat(operations.size())).append('\n');
        for (String shape : shapes) {
            for (String fault : faults) {
                out.append("| `").append(shape).append("` | ").append(fault).append(" |");
                for (String operation : operations) {
                    out.append(' ').append(outcomes.getOrDefault(new Cell(shape, fault, operation), "?")).append(" |");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Reads the section's counts line and table; a doc without the section or the table has no cells. */
    static Expected parse(String doc) {
        List<String> lines = doc.lines().toList();
        int[] block = block(lines);
        if (block == null) {
            return new Expected(null, Map.of());
        }
        String counts = null;
        List<String> operations = null;
        Map<Cell, String> cells = new LinkedHashMap<>();
        for (String line : lines.subList(block[0], block[1])) {
            if (line.startsWith(COUNTS_START)) {
                counts = line;
            } else if (line.startsWith("|") && operations == null) {
                List<String> header = cells(line);
                operations = header.subList(2, header.size());
            } else if (line.startsWith("|") && !line.startsWith("|---")) {
                List<String> row = cells(line);
                String shape = row.get(0).replace("`", "");
                for (int i = 2; i < row.size() && i - 2 < operations.size(); i++) {
                    cells.put(new Cell(shape, row.get(1), operations.get(i - 2)), row.get(i));
                }
            }
        }
        return new Expected(counts, cells);
    }

    /** The doc with the section's counts line and table replaced by {@code rendered} (added when it has none). */
    static String replace(String doc, String rendered) {
        List<String> lines = new ArrayList<>(doc.lines().toList());
        int[] block = block(lines);
        List<String> fresh = rendered.lines().toList();
        if (block != null) {
            lines.subList(block[0], block[1]).clear();
            lines.addAll(block[0], fresh);
        } else {
            int heading = lines.indexOf(HEADING);
            if (heading < 0) {
                throw new IllegalStateException("src-docs/reliability.md has no section '" + HEADING
                                                + "' to put the table in");
            }
            int end = sectionEnd(lines, heading);
            while (end > heading + 1 && lines.get(end - 1).isBlank()) {
                end--;
            }
            List<String> added = new ArrayList<>(List.of(""));
            added.addAll(fresh);
            lines.addAll(end, added);
        }
        return String.join("\n", lines) + "\n";
    }

    /** [first, end) lines of the counts line and table in the section, or null. */
    private static int[] block(List<String> lines) {
        int heading = lines.indexOf(HEADING);
        if (heading < 0) {
            return null;
        }
        int end = sectionEnd(lines, heading);
        int first = -1;
        for (int i = heading + 1; i < end && first < 0; i++) {
            String line = lines.get(i);
            if (line.startsWith(COUNTS_START) && line.contains(COUNTS_MARK) || line.startsWith("|")) {
                first = i;
            }
        }
        if (first < 0) {
            return null;
        }
        int last = first;
        boolean table = lines.get(first).startsWith("|");
        for (int i = first + 1; i < end; i++) {
            String line = lines.get(i);
            if (line.startsWith("|")) {
                table = true;
                last = i;
            } else if (table || !line.isBlank()) {
                break;
            }
        }
        return new int[] {first, last + 1};
    }

    private static int sectionEnd(List<String> lines, int heading) {
        for (int i = heading + 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("## ")) {
                return i;
            }
        }
        return lines.size();
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.lastIndexOf('|'));
        List<String> out = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            out.add(cell.trim());
        }
        return out;
    }
}
