package io.tarn.camel.memo;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.Key;
import io.tarn.lake.Lake;
import io.tarn.location.Locker;
import io.tarn.memo.Fingerprint;
import io.tarn.memo.MemoEntry;
import io.tarn.memo.MemoIndex;
import io.tarn.memo.MissReason;
import io.tarn.memo.RecentMisses;
import io.tarn.memo.SharedFlight;

/**
 * Runs code at most once per (input body, selected headers, code fingerprint): the memo key is the digest of the
 * input body's key in the lake, the selected headers by content and type, and the fingerprint (see {@link MemoKey}).
 * A hit restores the stored output body and output headers and skips the code; a miss runs it, stores the output body
 * in the lake and an entry in the index. Bodies are streamed through the lake, never held whole in memory.
 * <p>
 * Single flight: exchanges of one JVM that want the same memo key while it is being computed wait for the first one
 * and take its result; if it fails, the next one computes. When the index has a lock server (a Redis index), the
 * first one of each JVM also waits while another JVM computes the key, and takes that result ({@link SharedFlight}).
 * Failed exchanges are never memoized.
 * <p>
 * A miss says why the code ran ({@link MissReason}: first run of the step, its input, a selected header or its code
 * changed since the step's last run, or its output was evicted), in the header and exchange property
 * {@link #MISS_REASON_HEADER}, at DEBUG in the logger {@link #MISSES_LOGGER}, and in {@link RecentMisses}. The last
 * runs of each step are kept in the index ({@link io.tarn.memo.StepHistory}); see {@link StepMisses}.
 */
public final class Memoizer {
    /** Header: true when the stored result was restored and the code skipped ({@code HIT_HEADER}). */
    public static final String HIT_HEADER = "CamelTarnMemoHit";
    /** Header: the memo key under which the result is indexed ({@code KEY_HEADER}). */
    public static final String KEY_HEADER = "CamelTarnMemoKey";

    /**
     * Header (and exchange property, as a {@link MissReason}) set on a miss: why the code ran
     * ({@code MISS_REASON_HEADER}); absent on a hit.
     */
    public static final String MISS_REASON_HEADER = "CamelTarnMemoMissReason";
    /** The logger that tells each miss's reason at DEBUG. */
    public static final String MISSES_LOGGER = "io.tarn.camel.memo.misses";

    private static final Logger LOG = LoggerFactory.getLogger(Memoizer.class);
    private static final ConcurrentMap<String, CompletableFuture<MemoEntry>> IN_FLIGHT = new ConcurrentHashMap<>();
    /** Output types found not memoizable, each told once at WARN. */
    private static final Set<String> UNMEMOIZABLE = ConcurrentHashMap.newKeySet();

    private final Lake lake;
    private final MemoIndex index;
    private final List<String> keyHeaders;
    private final List<String> outputHeaders;
    /** What names this index among the computations in flight: its text, worked out once. */
    private final String flightPrefix;
    private final SharedFlight acrossJvms;
    private final StepMisses misses;
    /** The step's name: its last run is kept under it, and its entries carry it for gc's keepCurrentCodeOnly. */
    private final String step;

    /**
     * @param step          the step's name, the same from one run to the next (its last run is kept under it)
     * @param keyHeaders    headers whose values are part of the memo key
     * @param outputHeaders headers whose values are stored with the output and restored on a hit
     * @param misses        where the step's last misses are kept in memory
     */
    public Memoizer(Lake lake, MemoIndex index, String step, List<String> keyHeaders, List<String> outputHeaders,
                    RecentMisses misses) {
        this.lake = lake;
        this.index = index;
        this.keyHeaders = names(keyHeaders);
        this.outputHeaders = names(outputHeaders);
        this.flightPrefix = index + " ";
        this.acrossJvms = new SharedFlight(index);
        this.misses = new StepMisses(index, step, misses);
        this.step = step;
    }

    /** Header names trimmed, without blanks and repeats, in order: the same list whatever order the user gave. */
    private static List<String> names(List<String> headers) {
        return headers.stream().map(String::trim).filter(h -> !h.isEmpty()).distinct().sorted().toList();
    }

    /** Restores the memoized result of {@code code} for this exchange, or runs it and memoizes the result. */
    public void process(Exchange exchange, Fingerprint code, Processor run) throws Exception {
        MemoKey.Call call = MemoKey.of(exchange, lake, index.algorithm(), keyHeaders, code);
        Key memoKey = call.key();
        exchange.getMessage().setHeader(KEY_HEADER, memoKey.hex());
        String flight = null; // what names the computation in flight: only a miss needs it
        MissReason gone = null;
        for (Lookup found = restore(exchange, memoKey); !found.hit(); found = restore(exchange, memoKey)) {
            gone = found.gone() != null ? found.gone() : gone;
            flight = flight != null ? flight : flightPrefix + memoKey.hex();
            CompletableFuture<MemoEntry> mine = new CompletableFuture<>();
            CompletableFuture<MemoEntry> running = IN_FLIGHT.putIfAbsent(flight, mine);
            if (running == null) {
                compute(exchange, call, gone, run, mine, flight, code);
                return;
            }
            MemoEntry entry = await(running);
            if (entry != null && restore(exchange, entry)) {
                LOG.debug("Memo {}: took the result of a concurrent exchange", memoKey);
                return;
            }
        }
    }

    private void compute(Exchange exchange, MemoKey.Call call, MissReason gone, Processor run,
                         CompletableFuture<MemoEntry> mine, String flight, Fingerprint code) throws Exception {
        Key memoKey = call.key();
        MemoEntry entry = null;
        // released once the entry is stored: another JVM waiting for the key then finds it
        try (Locker.Held held = acrossJvms.enter(memoKey)) {
            // another JVM, or an exchange that finished just before this one took the flight, may have stored it
            Lookup found = restore(exchange, memoKey);
            if (found.hit()) {
                return;
            }
            StepMisses.Miss miss = misses.missed(exchange, call, found.gone() != null ? found.gone() : gone);
            run.process(exchange);
            StepMisses.ran(exchange, miss);
            if (exchange.getException() == null) {
                entry = store(exchange, memoKey, code);
                exchange.getMessage().setHeader(HIT_HEADER, false);
                if (entry != null) {
                    misses.stored(call, miss);
                }
            }
        } finally {
            IN_FLIGHT.remove(flight, mine);
            mine.complete(entry);
        }
    }

    private static MemoEntry await(CompletableFuture<MemoEntry> running) throws InterruptedException {
        try {
            return running.get();
        } catch (ExecutionException e) {
            return null;
        }
    }

    /** What the index had for a memo key: a hit, nothing, or an entry whose output is gone (and why). */
    private record Lookup(boolean hit, MissReason gone) {
        static final Lookup HIT = new Lookup(true, null);
        static final Lookup NONE = new Lookup(false, null);
    }

    private Lookup restore(Exchange exchange, Key memoKey) throws Exception {
        Optional<MemoEntry> entry = index.lookup(memoKey);
        if (entry.isEmpty()) {
            return Lookup.NONE;
        }
        if (restore(exchange, entry.get())) {
            LOG.debug("Memo {}: hit", memoKey);
            return Lookup.HIT;
        }
        // the entry in hand may be one this JVM read before and the index has since replaced: look again
        Optional<MemoEntry> now = index.readAgain(memoKey);
        if (now.isPresent() && !now.equals(entry)) {
            entry = now;
            if (restore(exchange, entry.get())) {
                LOG.debug("Memo {}: hit", memoKey);
                return Lookup.HIT;
            }
        }
        LOG.debug("Memo {}: the output {} is gone from the lake (or cannot be made a {} here); computing again", memoKey,
                entry.get().output(), entry.get().type());
        index.delete(memoKey);
        return new Lookup(false, StepMisses.gone(lake, entry.get()));
    }

    private boolean restore(Exchange exchange, MemoEntry entry) throws Exception {
        Message message = exchange.getMessage();
        if (entry.output() == null) {
            message.setBody(null);
        } else {
            Optional<Object> body = OutputBody.restore(lake, exchange, entry);
            if (body.isEmpty()) {
                return false;
            }
            message.setBody(body.get());
        }
        entry.headers().forEach((name, value) -> {
            if (value == null) {
                message.removeHeader(name);
            } else {
                message.setHeader(name, value);
            }
        });
        message.setHeader(HIT_HEADER, true);
        StepMisses.hit(exchange);
        return true;
    }

    private MemoEntry store(Exchange exchange, Key memoKey, Fingerprint code) throws Exception {
        Message out = exchange.getMessage();
        Optional<OutputBody.Stored> output = Optional.empty();
        if (out.getBody() != null) {
            String type = out.getBody().getClass().getName();
            output = OutputBody.store(lake, exchange);
            if (output.isEmpty()) {
                (UNMEMOIZABLE.add(type) ? LOG.atWarn() : LOG.atDebug()).log("Memo {}: not memoized: Camel cannot make a {}"
                        + " (nor a superclass or interface of it) from the output's bytes, so a hit could not hand it"
                        + " on; the code will run each time. Convert the output to a String, byte[] or stream in the"
                        + " step.", memoKey, type);
                return null;
            }
        }
        SortedMap<String, String> headers = new TreeMap<>();
        for (String name : outputHeaders) {
            headers.put(name, out.getHeader(name, String.class));
        }
        MemoEntry entry = output.map(o -> new MemoEntry(o.key(), o.type(), o.charset(), headers))
                .orElseGet(() -> new MemoEntry(null, null, null, headers)).madeBy(step, code.digest());
        Optional<MemoEntry> stored = index.write(memoKey, entry);
        if (stored.isEmpty()) {
            LOG.warn("Memo {}: the {} declined the entry; the result is in the lake but will be computed again",
                    memoKey, index);
        } else if (!stored.get().equals(entry)) {
            LOG.info("Memo {}: another run stored a different result first (is the code deterministic?); keeping it",
                    memoKey);
        }
        return entry;
    }
}
