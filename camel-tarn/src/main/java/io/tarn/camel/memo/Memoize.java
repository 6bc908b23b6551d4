package io.tarn.camel.memo;

import java.util.Arrays;
import java.util.List;

import io.tarn.Lake;
import io.tarn.location.Location;
import io.tarn.memo.CurrentCode;
import io.tarn.memo.Fingerprint;
import io.tarn.memo.Fingerprinter;
import io.tarn.memo.MemoIndex;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private volatile Memoizer memoizer;
    private volatile Fingerprint fingerprint;
    private String step;
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

    /**
     * Names this step in its index entries, so that gc's keepCurrentCodeOnly drops its entries of older code (default:
     * the processor's class name; a lambda has none that lasts, so a lambda step is named only by this).
     */
    public Memoize step(String name) {
        this.step = name;
        return this;
    }

    /** The step's name in its index entries, or null. */
    public String step() {
        if (step != null) {
            return step;
        }
        Class<?> type = code.getClass();
        return type.isSynthetic() || type.isHidden() || type.isAnonymousClass() ? null : type.getName();
    }

    /** Packages whose classes count as {@link Unstable} without the annotation. */
    public Memoize unstablePackages(String... packages) {
        this.fingerprinter = new Fingerprinter(Arrays.asList(packages));
        return this;
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
        memoizer = new Memoizer(lake, memoIndex, headers, outputHeaders).named(step());
        fingerprint = fingerprinter.of(code);
        CurrentCode.register(memoIndex, step(), this::fingerprint);
        LOG.debug("Memoizing {}: {}", code, fingerprint.describe());
        ServiceHelper.startService(code);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(code);
        CurrentCode.unregister(memoIndex, step());
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
