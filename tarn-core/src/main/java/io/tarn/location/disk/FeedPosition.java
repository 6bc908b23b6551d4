package io.tarn.location.disk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

import io.tarn.HashAlgorithm;
import io.tarn.InvalidKeyException;
import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.location.disk.Journal.Position;

/**
 * The durable position of a {@link ChangeFeed}: one line of a few numbers, written in place into one of two fixed
 * slots of the file in turn, each with a sequence number and a checksum, so that a write torn by a crash leaves the
 * other slot, the previous position, intact. Its size never grows.
 */
final class FeedPosition implements Closeable {
    private static final int SLOT = 512;
    private static final String MAGIC = "tarn-feed-1";
    private static final long NONE = Long.MIN_VALUE;

    /**
     * Where a feed stands.
     *
     * @param tail the journal position after the last line read
     * @param tailMillis the writer's time on that line
     * @param windowLow the lake time (ns) from which a scan hands values on: where the previous scan's window ended
     * @param dedupeFrom where the lines a scan compares against begin
     * @param lastScanEnd the journal end when the last scan began
     * @param lastScanMillis this machine's time when the last scan began (for the period), or {@code Long.MIN_VALUE}
     * @param scanHigh the lake time (ns) where the running scan's window ends, {@code Long.MIN_VALUE} when none runs
     * @param scanEnd the journal end when the running scan began
     * @param cursor the last key the running scan looked at, null at its start
     */
    record State(Position tail, long tailMillis, long windowLow, Position dedupeFrom, Position lastScanEnd,
                 long lastScanMillis, long scanHigh, Position scanEnd, Key cursor) {

        /** A new feed: the journal from its end now on, and a full scan of everything before. */
        static State first(Position end) {
            return new State(end, System.currentTimeMillis(), NONE, end, end, NONE, NONE, end, null);
        }

        boolean scanning() {
            return scanHigh != NONE;
        }

        State withTail(Position next, long millis) {
            return new State(next, millis, windowLow, dedupeFrom, lastScanEnd, lastScanMillis, scanHigh, scanEnd, cursor);
        }

        State withCursor(Key key) {
            return new State(tail, tailMillis, windowLow, dedupeFrom, lastScanEnd, lastScanMillis, scanHigh, scanEnd, key);
        }

        State scanBegun(long high, Position end, long millis) {
            return new State(tail, tailMillis, windowLow, dedupeFrom, lastScanEnd, millis, high, end, null);
        }

        /** The scan is over: the next one hands on what changed since it began. */
        State scanDone() {
            return new State(tail, tailMillis, scanHigh, lastScanEnd, scanEnd, lastScanMillis, NONE, scanEnd, null);
        }

        /** Journal lines were lost: no scan runs, and the next one reaches back to {@code from}. */
        State recovering(long from) {
            return new State(tail, tailMillis, Math.min(windowLow, from), dedupeFrom, lastScanEnd, lastScanMillis, NONE,
                    scanEnd, null);
        }

        String format() {
            return String.join(" ", MAGIC, Long.toString(tail.segment()), Long.toString(tail.offset()),
                    Long.toString(tailMillis), Long.toString(windowLow), Long.toString(dedupeFrom.segment()),
                    Long.toString(dedupeFrom.offset()), Long.toString(lastScanEnd.segment()),
                    Long.toString(lastScanEnd.offset()), Long.toString(lastScanMillis), Long.toString(scanHigh),
                    Long.toString(scanEnd.segment()), Long.toString(scanEnd.offset()), cursor == null ? "-" : cursor.hex());
        }

        static State parse(String[] f, HashAlgorithm algorithm) {
            long[] n = new long[12];
            for (int i = 0; i < n.length; i++) {
                n[i] = Long.parseLong(f[i + 1]);
            }
            Key cursor = f[13].equals("-") ? null : algorithm.parseKey(f[13]);
            return new State(new Position(n[0], n[1]), n[2], n[3], new Position(n[4], n[5]), new Position(n[6], n[7]),
                    n[8], n[9], new Position(n[10], n[11]), cursor);
        }
    }

    private final Path path;
    private final HashAlgorithm algorithm;
    private final FileChannel channel;
    private long sequence;

    FeedPosition(Path path, HashAlgorithm algorithm) {
        this.path = path;
        this.algorithm = algorithm;
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LocationException("Cannot open the consumer position file " + path + ": " + e, e);
        }
    }

    /** The last position stored, or null when none was. */
    State load() {
        try {
            long size = channel.size();
            if (size == 0) {
                return null;
            }
            ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, 2 * SLOT));
            channel.read(all, 0);
            String text = new String(all.array(), 0, all.position(), StandardCharsets.US_ASCII);
            // an older camel-tarn's key list is hex keys, a line each; a position starts with MAGIC in one of its two
            // slots (the first store goes to the second slot, leaving the first one zeros until the next)
            if (!text.startsWith(MAGIC) && Character.digit(text.charAt(0), 16) >= 0) {
                throw new LocationException("The consumer position file " + path + " is not a disk lake consumer's"
                                            + " position (an older camel-tarn kept a list of keys there): move it"
                                            + " away, or name another positionFile; the consumer then hands on every"
                                            + " value of the lake once more", null);
            }
            State best = null;
            long bestSequence = -1;
            for (int slot = 0; slot * SLOT < text.length(); slot++) {
                String line = text.substring(slot * SLOT, Math.min(text.length(), (slot + 1) * SLOT)).trim();
                String[] fields = line.split(" ");
                if (fields.length != 16 || !checks(line)) {
                    continue; // torn by a crash: the other slot holds the previous position
                }
                long seq = Long.parseLong(fields[14]);
                if (seq > bestSequence) {
                    bestSequence = seq;
                    best = State.parse(fields, algorithm);
                }
            }
            if (best == null) {
                throw new LocationException("The consumer position file " + path + " holds no whole position: move it"
                                            + " away; the consumer then hands on every value of the lake once more",
                        null);
            }
            sequence = bestSequence;
            return best;
        } catch (IOException | NumberFormatException | InvalidKeyException e) {
            throw new LocationException("Cannot read the consumer position file " + path + ": " + e, e);
        }
    }

    private static boolean checks(String line) {
        int last = line.lastIndexOf(' ');
        return last > 0 && crc(line.substring(0, last)).equals(line.substring(last + 1));
    }

    private static String crc(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }

    /** Writes the position into the slot after the last one written (no sync: see {@link #sync()}). */
    void store(State state) {
        sequence++;
        String body = state.format() + " " + sequence;
        String line = body + " " + crc(body);
        byte[] slot = new byte[SLOT];
        Arrays.fill(slot, (byte) ' ');
        byte[] text = line.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, slot, 0, text.length);
        slot[SLOT - 1] = '\n';
        try {
            channel.write(ByteBuffer.wrap(slot), (sequence % 2) * SLOT);
        } catch (IOException e) {
            throw new LocationException("Cannot record the position in the consumer position file " + path + ": " + e, e);
        }
    }

    /** Makes what was stored survive a crash of the machine. */
    void sync() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new LocationException("Cannot sync the consumer position file " + path + ": " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
