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

import io.tarn.Key;
import io.tarn.Lake;
import io.tarn.location.Locker;
import io.tarn.memo.Fingerprint;
import io.tarn.memo.MemoIndex;
import io.tarn.memo.MemoEntry;
import io.tarn.memo.SharedFlight;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 */
public final class Memoizer {
    /** Header: true when the stored result was restored and the code skipped ({@code HIT_HEADER}). */
    public static final String HIT_HEADER = "CamelTarnMemoHit";
    /** Header: the memo key under which the result is indexed ({@code KEY_HEADER}). */
    public static final String KEY_HEADER = "CamelTarnMemoKey";

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
    /** The step's name, recorded in its entries for gc's keepCurrentCodeOnly; null: none. */
    private volatile String step;

    /**
     * @param keyHeaders    headers whose values are part of the memo key
     * @param outputHeaders headers whose values are stored with the output and restored on a hit
     */
    public Memoizer(Lake lake, MemoIndex index, List<String> keyHeaders, List<String> outputHeaders) {
        this.lake = lake;
        this.index = index;
        this.keyHeaders = names(keyHeaders);
        this.outputHeaders = names(outputHeaders);
        this.flightPrefix = index + " ";
        this.acrossJvms = new SharedFlight(index);
    }

    /** Names the step whose entries this memoizer writes (gc's keepCurrentCodeOnly drops a step's entries of old code). */
    public Memoizer named(String stepName) {
        this.step = stepName;
        return this;
    }

    /** Header names trimmed, without blanks and repeats, in order: the same list whatever order the user gave. */
    private static List<String> names(List<String> headers) {
        return headers.stream().map(String::trim).filter(h -> !h.isEmpty()).distinct().sorted().toList();
    }

    /** Restores the memoized result of {@code code} for this exchange, or runs it and memoizes the result. */
    public void process(Exchange exchange, Fingerprint code, Processor run) throws Exception {
        Key memoKey = memoKey(exchange, code);
        exchange.getMessage().setHeader(KEY_HEADER, memoKey.hex());
        String flight = flightPrefix + memoKey.hex();
        while (!restore(exchange, memoKey)) {
            CompletableFuture<MemoEntry> mine = new CompletableFuture<>();
            CompletableFuture<MemoEntry> running = IN_FLIGHT.putIfAbsent(flight, mine);
            if (running == null) {
                compute(exchange, memoKey, run, mine, flight, code);
                return;
            }
            MemoEntry entry = await(running);
            if (entry != null && restore(exchange, entry)) {
                LOG.debug("Memo {}: took the result of a concurrent exchange", memoKey);
                return;
            }
        }
    }

    private void compute(Exchange exchange, Key memoKey, Processor run, CompletableFuture<MemoEntry> mine, String flight,
                         Fingerprint code) throws Exception {
        MemoEntry entry = null;
        // released once the entry is stored: another JVM waiting for the key then finds it
        try (Locker.Held held = acrossJvms.enter(memoKey)) {
            // another JVM, or an exchange that finished just before this one took the flight, may have stored it
            if (restore(exchange, memoKey)) {
                return;
            }
            LOG.debug("Memo {}: miss, running the code", memoKey);
            run.process(exchange);
            if (exchange.getException() == null) {
                entry = store(exchange, memoKey, code);
                exchange.getMessage().setHeader(HIT_HEADER, false);
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

    Key memoKey(Exchange exchange, Fingerprint code) throws Exception {
        return MemoKey.of(exchange, lake, index.algorithm(), keyHeaders, code);
    }

    private boolean restore(Exchange exchange, Key memoKey) throws Exception {
        Optional<MemoEntry> entry = index.read(memoKey);
        if (entry.isEmpty()) {
            return false;
        }
        if (restore(exchange, entry.get())) {
            LOG.debug("Memo {}: hit", memoKey);
            return true;
        }
        LOG.debug("Memo {}: the output {} is gone from the lake (or cannot be made a {} here); computing again", memoKey,
                entry.get().output(), entry.get().type());
        index.delete(memoKey);
        return false;
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
