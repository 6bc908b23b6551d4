package io.tarn.camel.memo;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.memo.CurrentCode;
import io.tarn.memo.Fingerprint;
import io.tarn.memo.Fingerprinter;
import io.tarn.memo.MemoIndex;
import io.tarn.memo.MissReason;
import io.tarn.memo.RecentMisses;

/**
 * A memoizing processor for the Java DSL: {@code .process(Memoize.of(lake, new Parse()).headers("region"))}.
 * The wrapped processor runs once per (input body, selected headers, its code and state); see {@link Memoizer}. Its
 * fingerprint, code and field values alike, is computed when the route starts, not per exchange (debug log
 * {@code io.tarn.camel.memo.Memoize} prints it, part by part) and is available from {@link #fingerprint()}. Configure it,
 * and the processor, before the route starts.
 */
public final class Memoize extends ServiceSupport implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(Memoize.class);

    private final Lake lake;
    private final Processor code;
    private List<String> headers = List.of();
    private List<String> outputHeaders = List.of();
    private Location index;
    private Fingerprinter fingerprinter = Fingerprinter.standard();
    private String step;
    private RecentMisses misses = RecentMisses.shared();
    private volatile String stepName;
    private volatile Memoizer memoizer;
    private volatile Fingerprint fingerprint;
    private MemoIndex memoIndex;

    private Memoize(Lake lake, Processor code) {
        this.lake = lake;
        this.code = code;
    }

    public static Memoize of(Lake lake, Processor code) {
        return new Memoize(lake, code);
    }

    /** Headers whose values are part of the memo key. */
    public Memoize headers(String... names) {
        this.headers = Arrays.asList(names);
        return this;
    }

    /** Headers the code sets that are stored with its output and restored on a hit (as Strings). */
    public Memoize outputHeaders(String... names) {
        this.outputHeaders = Arrays.asList(names);
        return this;
    }

    /** Where the index lives (default: beside the lake, in {@code tools/memo} of its first disk folder). */
    public Memoize index(Location location) {
        this.index = location;
        return this;
    }

    /** Packages whose classes count as {@link io.tarn.memo.Unstable} without the annotation. */
    public Memoize unstablePackages(String... packages) {
        this.fingerprinter = new Fingerprinter(Arrays.asList(packages));
        return this;
    }

    /**
     * The step's name, under which its last run is kept in the index to tell why it misses and which its entries carry,
     * so that gc's keepCurrentCodeOnly drops its entries of older code (default: the processor's class name; for a
     * lambda, its defining class and implementation method). Name it when one route memoizes two processors of one
     * class, or to keep its history across a rename; name a lambda step, whose default name moves when lambdas are
     * added before it.
     */
    public Memoize step(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Memoize.step needs a name, e.g. step(\"score\")");
        }
        this.step = name;
        return this;
    }

    /** Where the step's last misses are kept in memory (default: {@link RecentMisses#shared()}). */
    public Memoize recentMisses(RecentMisses recent) {
        this.misses = recent;
        return this;
    }

    /** The step's name (see {@link #step(String)}), worked out when this processor starts. */
    public String stepName() {
        if (stepName == null) {
            start();
        }
        return stepName;
    }

    /** The step's last misses, newest first. */
    public List<RecentMisses.Miss> lastMisses() {
        return misses.of(stepName());
    }

    /** Why the code ran for this exchange, if a memoized step missed; empty after a hit. */
    public static Optional<MissReason> missReason(Exchange exchange) {
        return Optional.ofNullable(exchange.getProperty(Memoizer.MISS_REASON_HEADER, MissReason.class));
    }

    /** The fingerprint of the wrapped code, computed when this processor starts. */
    public Fingerprint fingerprint() {
        if (fingerprint == null) {
            start();
        }
        return fingerprint;
    }

    @Override
    protected void doStart() throws Exception {
        memoIndex = index != null ? new MemoIndex(index) : MemoIndex.besideLake(lake);
        stepName = step != null ? step : fingerprinter.stepName(code);
        memoizer = new Memoizer(lake, memoIndex, stepName, headers, outputHeaders, misses);
        fingerprint = fingerprinter.of(code);
        CurrentCode.register(memoIndex, stepName, this::fingerprint);
        LOG.debug("Memoizing {} as step {}: {}", code, stepName, fingerprint.describe());
        ServiceHelper.startService(code);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(code);
        CurrentCode.unregister(memoIndex, stepName);
        fingerprint = null;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (fingerprint == null) {
            start();
        }
        memoizer.process(exchange, fingerprint, code);
    }

    @Override
    public String toString() {
        return "Memoize[" + code + "]";
    }
}
