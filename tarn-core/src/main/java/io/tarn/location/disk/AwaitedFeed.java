package io.tarn.location.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.Key;
import io.tarn.location.ChangeSource;

/**
 * The change feed of a disk lake no writer has created yet: it gives nothing, and makes nothing, until a writer has
 * made the lake; from then on it is that lake's {@link ChangeFeed}. Consumers often start before the writers: waiting
 * is no error.
 */
final class AwaitedFeed implements ChangeSource {
    private static final Logger LOG = LoggerFactory.getLogger(AwaitedFeed.class);

    private final LazyDiskLocation pending;
    private final Path positionFile;
    private final Duration fullScanPeriod;
    private final Duration journalRetention;
    private ChangeSource feed;

    AwaitedFeed(LazyDiskLocation pending, Path positionFile, Duration fullScanPeriod, Duration journalRetention) {
        this.pending = pending;
        this.positionFile = positionFile;
        this.fullScanPeriod = fullScanPeriod;
        this.journalRetention = journalRetention;
        LOG.info("A consumer of {} is waiting for the lake at {} to be created by a writer", pending, pending.root());
    }

    /** The lake's feed, once a writer has created the lake; else null. */
    private ChangeSource feed() {
        if (feed == null) {
            pending.existing().ifPresent(disk -> {
                LOG.info("The lake at {} is created; its consumer hands on its values", pending.root());
                feed = disk.follow(positionFile, fullScanPeriod, journalRetention);
            });
        }
        return feed;
    }

    @Override
    public Key next() {
        ChangeSource opened = feed();
        return opened == null ? null : opened.next();
    }

    @Override
    public void handedOn() {
        if (feed == null) {
            throw new IllegalStateException("No value of " + pending + " to record as handed on: no lake there yet");
        }
        feed.handedOn();
    }

    @Override
    public void rewind() {
        if (feed != null) {
            feed.rewind();
        }
    }

    @Override
    public void sync() {
        if (feed != null) {
            feed.sync();
        }
    }

    @Override
    public long completedScans() {
        return feed == null ? 0 : feed.completedScans();
    }

    @Override
    public void close() throws IOException {
        if (feed != null) {
            feed.close();
        }
    }
}
