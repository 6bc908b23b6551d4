package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.location.ChangeSource;
import io.tarn.location.disk.FeedPosition.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values of a disk lake not handed on before, found without walking the lake for each: what camel-tarn writers put
 * in place is read from the lake's change {@link Journal} from the feed's position on; everything else (values written
 * by Python tarn, another program, a copy by hand, or a writer whose journal line was lost) is found by a full scan
 * every {@code fullScanPeriod}, which hands on the values whose inode changed ({@code ctime}) since the previous scan
 * began and that the journal does not hold. The position ({@link FeedPosition}) is a few numbers: a journal offset,
 * the window of the last scan, and how far a running scan got, so memory does not grow with the lake.
 * <p>
 * Why nothing is handed on twice or lost: scan k hands on a value iff its ctime lies in [t(k-1), t(k)) (the scans'
 * windows cut the time line into pieces, each value's ctime is in one), t(k) being the lake's clock when scan k began
 *  (the walk
 * begins {@link #SETTLE} later, so every value of the window is in place when it is walked), and its key is not on
 * a journal line this feed reads (the journal hands those on). Lines a scan compares against are read from the
 * journal end noted when the scan before the previous one began, late enough to hold every line whose value is in
 * the window, and never before the feed's first position, so every such line is one the feed reads.
 * <p>
 * Use from one thread: {@link #next()}, then {@link #handedOn} once the value is through, or {@link #rewind()} to be
 * offered it again.
 */
public final class ChangeFeed implements ChangeSource {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    /**
     * How long a scan waits between noting the lake's time and walking: every value whose ctime is before that time is
     * then in place (a clock reading may lag the file system's by a tick), and its writer's journal line written.
     */
    static final Duration SETTLE = Duration.ofSeconds(2);
    /** How far the clocks of writers and of the lake's file system may disagree. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    /** Scans begin at least this far apart, whatever the period: the proof above needs more than {@link #SETTLE}. */
    static final Duration MIN_PERIOD = Duration.ofSeconds(5);
    private static final long COMPACT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long JOURNAL_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** A value to hand on, and the position once it is. */
    private record Change(Key key, State after) {
    }

    private final DiskLocation lake;
    private final Journal journal;
    private final FeedPosition file;
    private final long periodMillis;
    private final Duration retention;
    private State acked;
    private State current;
    /** The position once the key {@link #next()} gave last is handed on; null when it gave none since. */
    private State pending;
    private JournalReader tail;
    private Stream<KeyWalk.Found> walk;
    private Iterator<KeyWalk.Found> walked;
    private Set<Key> journaled;
    private long scans;
    private long compactedAt = System.nanoTime() - COMPACT_EVERY_NANOS;
    private long journalLookedAt;

    /**
     * @param positionFile where the position is kept (made when missing: the feed then starts with a full scan)
     * @param fullScanPeriod how often the lake is walked for values the journal does not hold
     * @param journalRetention journal segments read by this feed and last written longer ago are deleted
     */
    ChangeFeed(DiskLocation lake, Path positionFile, Duration fullScanPeriod, Duration journalRetention) {
        this.lake = lake;
        this.periodMillis = Math.max(fullScanPeriod.toMillis(), MIN_PERIOD.toMillis());
        this.retention = journalRetention;
        this.journal = usableJournal(lake);
        this.file = new FeedPosition(positionFile, lake.config().algorithmOrDefault());
        State loaded = file.load();
        if (loaded == null) {
            Journal.Position end = journalEnd();
            loaded = State.first(end);
            file.store(loaded);
        }
        acked = loaded;
        current = loaded;
    }

    /** The lake's journal, made when the lake takes writes; null when there is none to read (read-only, foreign). */
    private static Journal usableJournal(DiskLocation lake) {
        Journal journal = lake.journal();
        if (journal == null) {
            return null;
        }
        if (lake.readOnlyReason().isEmpty()) {
            try {
                journal.create();
            } catch (IOException e) {
                LOG.warn("Cannot make the change journal {} of {} ({}): new values are found by full scans only",
                        journal.folder(), lake, e.toString());
                return null;
            }
        }
        return journal.exists() ? journal : null;
    }

    private Journal.Position journalEnd() {
        try {
            return journal == null ? Journal.Position.START : journal.end();
        } catch (IOException e) {
            throw failed("read the end of its change journal", e);
        }
    }

    /** Full scans finished since this feed was opened. */
    @Override
    public long completedScans() {
        return scans;
    }

    /** Whether the lake has a change journal this feed reads (else it finds new values by full scans only). */
    boolean journaled() {
        return journal != null;
    }

    /** The next value to hand on, or null when there is none now. */
    @Override
    public Key next() {
        Change change = nextChange();
        pending = change == null ? null : change.after();
        return change == null ? null : change.key();
    }

    private Change nextChange() {
        try {
            // while a scan runs, the journal is looked at again only now and then: looking costs a few system calls
            long now = System.nanoTime();
            Change change = null;
            if (walk == null || now - journalLookedAt >= JOURNAL_LOOK_NANOS) {
                change = fromJournal();
                if (change == null) {
                    journalLookedAt = now;
                }
            }
            return change != null ? change : fromScan();
        } catch (IOException e) {
            throw failed("read its change journal or walk it", e);
        }
    }

    private Change fromJournal() throws IOException {
        if (journal == null) {
            return null;
        }
        if (tail == null) {
            tail = journal.reader(current.tail());
        }
        for (JournalLine line = tail.next(); line != null; line = tail.next()) {
            current = current.withTail(line.next(), line.millis());
            if (lake.contains(line.key())) {
                return new Change(line.key(), current);
            }
        }
        current = current.withTail(tail.position(), current.tailMillis());
        if (tail.gap()) {
            // lines were compacted away before this feed read them: rescan from a little before the last line it read
            long from = TimeUnit.MILLISECONDS.toNanos(current.tailMillis() - CLOCK_SKEW.toMillis());
            LOG.warn("The change journal {} was compacted past the position of a consumer of {}: rescanning values"
                     + " put in place since {} ms after the epoch; values handed on just before may come again",
                    journal.folder(), lake, TimeUnit.NANOSECONDS.toMillis(from));
            tail.close();
            tail = journal.reader(current.tail());
            closeWalk();
            current = current.recovering(from);
            beginScan();
        }
        return null;
    }

    private Change fromScan() throws IOException {
        if (!current.scanning()) {
            if (current.lastScanMillis() != Long.MIN_VALUE
                && System.currentTimeMillis() < current.lastScanMillis() + periodMillis) {
                return null;
            }
            beginScan();
        }
        if (System.currentTimeMillis() < current.lastScanMillis() + SETTLE.toMillis()) {
            return null; // values put in place just before the scan began may not be visible yet everywhere
        }
        if (walk == null) {
            walk = lake.sortedWalk(current.cursor()).entries();
            walked = walk.iterator();
        }
        while (walked.hasNext()) {
            KeyWalk.Found found = walked.next();
            if (!found.value()) {
                continue;
            }
            current = current.withCursor(found.key());
            long changed = ctime(found.stored());
            if (changed >= current.windowLow() && changed < current.scanHigh() && !inJournal(found.key())) {
                return new Change(found.key(), current);
            }
        }
        closeWalk();
        current = current.scanDone();
        journaled = null;
        scans++;
        save(current);
        return null;
    }

    private void beginScan() throws IOException {
        Journal.Position end = journalEnd();
        long now = lakeNow();
        current = current.scanBegun(now, end, System.currentTimeMillis());
        save(current);
    }

    /**
     * Whether a journal line this feed reads names the key. The lines are read once, when the walk starts: a value of
     * the window was put in place before the scan began, and its line appended within {@link #SETTLE}, before the walk.
     */
    private boolean inJournal(Key key) throws IOException {
        if (journal == null) {
            return false;
        }
        if (journaled == null) {
            journaled = new HashSet<>();
            long oldest = TimeUnit.NANOSECONDS.toMillis(current.windowLow()) - CLOCK_SKEW.toMillis();
            try (JournalReader reader = journal.reader(current.dedupeFrom())) {
                for (JournalLine line = reader.next(); line != null; line = reader.next()) {
                    // a line written before the window began names a value the window does not hold
                    if (current.windowLow() == Long.MIN_VALUE || line.millis() >= oldest) {
                        journaled.add(line.key());
                    }
                }
            }
        }
        return journaled.contains(key);
    }

    /** The lake's clock: the change time of a file made in its .tmp/ (this machine's clock on a read-only lake). */
    private long lakeNow() {
        if (lake.readOnlyReason().isEmpty()) {
            Path probe = null;
            try {
                probe = Files.createTempFile(lake.tmpFolder(), "clock-", "");
                return ctime(probe);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("Cannot read the clock of {} ({}): using this machine's", lake, e.toString());
            } finally {
                if (probe != null) {
                    try {
                        Files.deleteIfExists(probe);
                    } catch (IOException e) {
                        LOG.debug("Cannot remove {}: {}", probe, e.toString());
                    }
                }
            }
        }
        return TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    }

    /** When the entry's inode last changed (put in place, copied, linked), in ns; the modification time off POSIX. */
    private static long ctime(Path path) throws IOException {
        try {
            FileTime time;
            try {
                time = (FileTime) Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                time = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
            }
            return time.to(TimeUnit.NANOSECONDS);
        } catch (NoSuchFileException e) {
            return Long.MIN_VALUE; // gone under the walk: nothing to hand on
        }
    }

    /** Records that the value {@link #next()} gave last is through: a restart goes on after it. */
    @Override
    public void handedOn() {
        if (pending == null) {
            throw new IllegalStateException("No value of " + lake + " to record as handed on: next() gave none since");
        }
        acked = pending;
        pending = null;
        file.store(acked);
    }

    /** Forgets what was read since the last value handed on: it is offered again. */
    @Override
    public void rewind() {
        pending = null;
        current = acked;
        closeWalk();
        try {
            if (tail != null) {
                tail.close();
                tail = null;
            }
        } catch (IOException e) {
            throw failed("close its change journal", e);
        }
    }

    private void save(State state) {
        acked = state;
        file.store(state);
    }

    /**
     * Makes the position survive a crash of the machine, and now and then deletes the journal segments this feed has
     * read that are older than the retention.
     */
    @Override
    public void sync() {
        file.sync();
        if (journal != null && System.nanoTime() - compactedAt >= COMPACT_EVERY_NANOS) {
            compactedAt = System.nanoTime();
            try {
                int deleted = journal.compact(acked.tail().segment(), retention);
                if (deleted > 0) {
                    LOG.debug("Deleted {} segments of the change journal {}", deleted, journal.folder());
                }
            } catch (IOException e) {
                LOG.warn("Cannot compact the change journal {}: {}", journal.folder(), e.toString());
            }
        }
    }

    private void closeWalk() {
        if (walk != null) {
            walk.close();
            walk = null;
            walked = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeWalk();
        if (tail != null) {
            tail.close();
        }
        file.close();
    }

    private LocationException failed(String what, IOException e) {
        return new LocationException("The consumer of " + lake + " cannot " + what + ": " + e, e);
    }
}
