package io.tarn.location.disk;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tarn.HashAlgorithm;
import io.tarn.Key;
import io.tarn.TestData;
import io.tarn.location.FailureLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change journal: lines read back in order across segments, a torn line skipped without losing the next one, a
 * journal link planted by another user never written through, and segments compacted once the feed has read them.
 */
class JournalTest {
    @TempDir
    Path tmp;

    private static Journal journal(DiskLocation lake, long segmentBytes) throws Exception {
        return new Journal(lake.root(), new LakeFolders(lake.root(), new FailureLog("test", "test")),
                HashAlgorithm.SHA256, new FailureLog("journal test", "none"), segmentBytes);
    }

    /** Values put in place by hand (no journal line), their keys in order of writing. */
    private static List<Key> byHand(DiskLocation lake, int from, int n) throws Exception {
        List<Key> keys = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            byte[] bytes = ("value " + i).getBytes(StandardCharsets.US_ASCII);
            Key key = TestData.sha256Key(bytes);
            Path file = lake.pathOf(key);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            keys.add(key);
        }
        return keys;
    }

    private static List<Key> read(Journal journal, Journal.Position from) throws Exception {
        List<Key> keys = new ArrayList<>();
        try (JournalReader reader = journal.reader(from)) {
            for (JournalLine line = reader.next(); line != null; line = reader.next()) {
                keys.add(line.key());
            }
        }
        return keys;
    }

    @Test
    void linesComeBackInOrderAcrossSegmentsAndATornLineIsSkipped() throws Exception {
        DiskLocation lake = DiskLocation.open(tmp.resolve("lake"));
        Journal journal = journal(lake, 1000);
        journal.create();
        List<Key> keys = byHand(lake, 0, 40);
        keys.subList(0, 20).forEach(journal::append);
        assertThat(journal.segments()).as("~90 bytes a line, 1000 bytes a segment").hasSizeGreaterThan(1);
        // a crash in the middle of a line, then a line written by the next process, which ends the torn one first
        Path newest = journal.segment(journal.segments().get(journal.segments().size() - 1));
        try (FileChannel out = FileChannel.open(newest, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            out.write(ByteBuffer.wrap(("1700000000000 " + keys.get(39).hex().substring(0, 30) + "\n").getBytes(
                    StandardCharsets.US_ASCII)));
            out.write(ByteBuffer.wrap(JournalLine.bytes(keys.get(20), 1700000000000L)));
        }
        keys.subList(21, 39).forEach(journal::append);
        assertThat(read(journal, Journal.Position.START)).isEqualTo(keys.subList(0, 39));
    }

    @Test
    void aLinkPlantedForTheNewestSegmentIsNeverWrittenThrough() throws Exception {
        DiskLocation lake = DiskLocation.open(tmp.resolve("lake"));
        Journal journal = journal(lake, 1 << 20);
        journal.create();
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Files.createSymbolicLink(journal.segment(1), victim);
        byHand(lake, 0, 3).forEach(journal::append);
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
    }

    @Test
    void theFeedHandsOnJournaledValuesOnceAndCompactsTheSegmentsItRead() throws Exception {
        DiskLocation lake = DiskLocation.open(tmp.resolve("lake"));
        Path position = tmp.resolve("position");
        List<Key> handedOn = new ArrayList<>();
        List<Key> written;
        try (ChangeFeed feed = new ChangeFeed(lake, position, Duration.ofHours(1), Duration.ZERO)) {
            Journal journal = journal(lake, 1000);
            written = byHand(lake, 0, 50);
            written.forEach(journal::append);
            int segments = journal.segments().size();
            assertThat(segments).isGreaterThan(2);
            drain(feed, handedOn, true);
            feed.sync();
            assertThat(journal.segments()).as("segments read and older than the retention (0) are deleted; the"
                                              + " newest stays").hasSizeLessThan(segments).isNotEmpty();
        }
        assertThat(handedOn).isEqualTo(written);
        // a restart reads on from where it stood, in what is left of the journal
        try (ChangeFeed feed = new ChangeFeed(lake, position, Duration.ofHours(1), Duration.ZERO)) {
            List<Key> more = byHand(lake, 50, 5);
            Journal journal = journal(lake, 1000);
            more.forEach(journal::append);
            List<Key> after = new ArrayList<>();
            drain(feed, after, false);
            assertThat(after).isEqualTo(more);
        }
    }

    /** Everything the feed gives now: until it gives nothing, or until a full scan ended (the first one is due). */
    private static void drain(ChangeFeed feed, List<Key> into, boolean untilAScan) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            Key change = feed.next();
            if (change == null && (!untilAScan || feed.completedScans() > 0)) {
                return;
            }
            if (change == null) {
                assertThat(System.nanoTime()).as("the feed's scan ends").isLessThan(deadline);
                Thread.sleep(20);
                continue;
            }
            into.add(change);
            feed.handedOn();
        }
    }
}
