package io.tarn.location.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

import io.tarn.location.disk.Journal.Position;

/**
 * Reads the change {@link Journal} from a position on, segment after segment, one whole line at a time; a partial last
 * line is left for later (its writer may be writing it), unless a later segment exists (then it is torn).
 */
final class JournalReader implements AutoCloseable {
    private final Journal journal;
    private Position position;
    private FileChannel in;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    /** Bytes of the current line read so far. */
    private final StringBuilder partial = new StringBuilder();
    private boolean gap;

    JournalReader(Journal journal, Position from) {
        this.journal = journal;
        this.position = from;
    }

    /** Where the reader stands: after the last whole line it gave or skipped. */
    Position position() {
        return position;
    }

    /** Whether lines were lost under the reader: its segment was deleted (compacted) before it was read to its end. */
    boolean gap() {
        return gap;
    }

    /** The next line that checks, or null when there is none yet. */
    JournalLine next() throws IOException {
        while (true) {
            if (in == null && !open()) {
                return null;
            }
            JournalLine line = readLine();
            if (line != null) {
                return line;
            }
            // at the end of what is written to this segment: go on to the next one only if there is one
            boolean later = Files.exists(journal.segment(position.segment() + 1), LinkOption.NOFOLLOW_LINKS);
            JournalLine last = later ? readLine() : null; // appended before the next segment was made
            if (last != null) {
                return last;
            }
            if (!later) {
                return null;
            }
            close();
            position = new Position(position.segment() + 1, 0);
            partial.setLength(0);
        }
    }

    private boolean open() throws IOException {
        Path file = journal.segment(position.segment());
        try {
            in = FileChannel.open(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            buffer.clear().flip();
            in.position(position.offset());
            return true;
        } catch (NoSuchFileException e) {
            List<Long> numbers = journal.segments();
            long later = numbers.stream().filter(n -> n > position.segment()).findFirst().orElse(-1L);
            if (later < 0) {
                return false; // not made yet
            }
            // compacted before this reader read it to its end
            gap = true;
            position = new Position(later, 0);
            partial.setLength(0);
            return open();
        }
    }

    /** The next whole line that checks, skipping those that do not; null at the end of what is written. */
    private JournalLine readLine() throws IOException {
        while (true) {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int read = in.read(buffer);
                buffer.flip();
                if (read <= 0) {
                    return null;
                }
            }
            while (buffer.hasRemaining()) {
                char c = (char) (buffer.get() & 0xff);
                if (c != '\n') {
                    partial.append(c);
                    continue;
                }
                long offset = in.position() - buffer.remaining();
                Position next = new Position(position.segment(), offset);
                String text = partial.toString();
                partial.setLength(0);
                position = next;
                JournalLine line = JournalLine.parse(text, next, journal.algorithm());
                if (line != null) {
                    return line;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
            in = null;
        }
    }
}
