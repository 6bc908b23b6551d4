package io.tarn.camel.memo;

import java.time.Instant;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.Key;
import io.tarn.lake.Lake;
import io.tarn.memo.MemoEntry;
import io.tarn.memo.MemoIndex;
import io.tarn.memo.MissReason;
import io.tarn.memo.RecentMisses;
import io.tarn.memo.StepHistory;

/**
 * Why one memoized step missed, told on the exchange (header {@link Memoizer#MISS_REASON_HEADER}, and the exchange
 * property of that name as a {@link MissReason}), at DEBUG in the logger {@link Memoizer#MISSES_LOGGER} and in
 * {@link RecentMisses}; and the step's runs recorded in the index ({@link StepHistory}) to tell the next miss.
 */
final class StepMisses {
    private static final Logger MISSES = LoggerFactory.getLogger(Memoizer.MISSES_LOGGER);

    private final String step;
    private final StepHistory history;
    private final RecentMisses recent;

    StepMisses(MemoIndex index, String step, RecentMisses recent) {
        this.step = step;
        this.history = new StepHistory(index);
        this.recent = recent;
    }

    /** A miss being computed: why, and the step's last runs as read. */
    record Miss(MissReason reason, StepHistory.Explained explained) {
    }

    /**
     * Works out why the call missed and tells it.
     *
     * @param gone the reason when the index had an entry whose output is gone, else null
     */
    Miss missed(Exchange exchange, MemoKey.Call call, MissReason gone) {
        StepHistory.Explained explained = history.explain(step, call.run());
        MissReason reason = gone != null ? gone : explained.reason();
        exchange.getMessage().setHeader(Memoizer.MISS_REASON_HEADER, reason.text());
        exchange.setProperty(Memoizer.MISS_REASON_HEADER, reason);
        recent.add(new RecentMisses.Miss(Instant.now(), step, call.key().hex(), reason));
        if (MISSES.isDebugEnabled()) {
            MISSES.debug("Memo {} of step {}: miss, running the code: {}", call.key(), step, reason.changes().stream()
                    .map(c -> c.what().size() <= 1 ? c.text() : c.kind().label() + ":\n    " + String.join("\n    ", c.what()))
                    .collect(Collectors.joining("; ")));
        }
        return new Miss(reason, explained);
    }

    /** The code ran: the header again, in case the code removed it. */
    static void ran(Exchange exchange, Miss miss) {
        exchange.getMessage().setHeader(Memoizer.MISS_REASON_HEADER, miss.reason().text());
    }

    /** The call's result is stored: its run becomes the step's last. */
    void stored(MemoKey.Call call, Miss miss) {
        history.record(step, call.run(), miss.explained());
    }

    /** A hit: no reason, not even one an earlier step of the route set. */
    static void hit(Exchange exchange) {
        exchange.getMessage().removeHeader(Memoizer.MISS_REASON_HEADER);
        exchange.removeProperty(Memoizer.MISS_REASON_HEADER);
    }

    /** Why an index entry could not be restored: its output is gone from the lake, or cannot be made its type here. */
    static MissReason gone(Lake lake, MemoEntry entry) {
        Key output = entry.output();
        return lake.contains(output)
                ? MissReason.of(MissReason.Kind.UNKNOWN, "the output " + output.hex() + " cannot be made a " + entry.type() + " here")
                : MissReason.of(MissReason.Kind.OUTPUT_EVICTED, "the output " + output.hex() + " is gone from the lake");
    }
}
