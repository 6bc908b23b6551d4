package io.tarn.camel.backend.s3;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import io.tarn.LocationException;
import io.tarn.format.JsonLabels;

/**
 * Labels and usage dates of S3 objects, kept as Python tarn keeps them: object tags {@code _label = _label} and
 * {@code usage_date = } epoch seconds as a decimal string. Servers without object tagging (s3proxy and other
 * S3-compatible stores answer 501) get small sidecar objects instead, under {@code tools/labels/<name>.json} (a JSON
 * list, as tarn's JsonLabels) and {@code tools/usage/<name>} (the same decimal string); which store a server has is
 * found on the first call and remembered. Every method takes the value's object name relative to the location's
 * prefix and expects the caller to have checked that the value exists.
 */
final class S3Metadata {
    static final String USAGE_TAG = "usage_date";
    static final String SIDECAR_ROOT = "tools/";
    private static final int MAX_TAGS = 10;
    private static final int MAX_SIDECAR = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(S3Metadata.class);

    private final S3Objects objects;
    private final String prefix;
    private final String where;
    private volatile S3Location.MetadataStore store;

    S3Metadata(S3Objects objects, String prefix, S3Location.MetadataStore store, String where) {
        this.objects = objects;
        this.prefix = prefix;
        this.store = store;
        this.where = where;
    }

    S3Location.MetadataStore store() {
        return store;
    }

    /** Adds labels and, when {@code touch}, sets the usage date to now; one read and one write of the metadata. */
    void update(String name, Set<String> labels, boolean touch) throws Exception {
        if (labels.isEmpty() && !touch) {
            return;
        }
        viaTags(() -> updateTags(name, labels, touch), () -> updateSidecars(name, labels, touch));
    }

    Set<String> labels(String name) throws Exception {
        return viaTags(() -> labelsOf(objects.tags(prefix + name)), () -> sidecarLabels(name));
    }

    Optional<Instant> lastUsed(String name) throws Exception {
        Optional<String> text = viaTags(() -> Optional.ofNullable(objects.tags(prefix + name).get(USAGE_TAG)),
                () -> objects.getSmall(usageSidecar(name), MAX_SIDECAR).map(b -> new String(b, StandardCharsets.US_ASCII)));
        return text.map(S3Metadata::parseUsage);
    }

    /** Removes what a deleted value left behind (tags go with their object). */
    void delete(String name) throws Exception {
        if (store != S3Location.MetadataStore.TAGS) {
            objects.delete(labelsSidecar(name));
            objects.delete(usageSidecar(name));
        }
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    /** Uses the tags unless the server is known to lack them; a first 501 switches to the sidecars for good. */
    private <T> T viaTags(Call<T> tags, Call<T> sidecars) throws Exception {
        if (store == S3Location.MetadataStore.SIDECARS) {
            return sidecars.call();
        }
        try {
            T result = tags.call();
            if (store == S3Location.MetadataStore.DETECT) {
                store = S3Location.MetadataStore.TAGS;
            }
            return result;
        } catch (S3Exception e) {
            if (e instanceof NoSuchKeyException || e.statusCode() != 501 || store == S3Location.MetadataStore.TAGS) {
                throw e;
            }
            LOG.info("{} does not support object tagging (status 501): labels and usage dates are kept in sidecar objects"
                     + " under {}{} instead", where, prefix, SIDECAR_ROOT);
            store = S3Location.MetadataStore.SIDECARS;
            return sidecars.call();
        }
    }

    private Void updateSidecars(String name, Set<String> labels, boolean touch) throws Exception {
        if (!labels.isEmpty()) {
            Set<String> all = new TreeSet<>(labels);
            all.addAll(sidecarLabels(name));
            objects.putSmall(labelsSidecar(name), JsonLabels.format(all).getBytes(StandardCharsets.UTF_8));
        }
        if (touch) {
            objects.putSmall(usageSidecar(name), formatUsage(Instant.now()).getBytes(StandardCharsets.US_ASCII));
        }
        return null;
    }

    private Void updateTags(String name, Set<String> labels, boolean touch) throws Exception {
        Map<String, String> tags = new HashMap<>(objects.tags(prefix + name));
        Map<String, String> wanted = withLabels(tags, labels, touch ? Instant.now() : null);
        if (wanted.size() > MAX_TAGS) {
            throw new LocationException(where + " cannot keep the labels " + labels + " of " + name + ": S3 keeps at most "
                                        + MAX_TAGS + " tags per object (the usage date and up to 9 labels); it already has "
                                        + tags.keySet(), null);
        }
        if (!wanted.equals(tags)) {
            objects.putTags(prefix + name, wanted);
        }
        return null;
    }

    /** The tags after adding labels and a usage date, as tarn writes them. */
    static Map<String, String> withLabels(Map<String, String> tags, Set<String> labels, Instant used) {
        Map<String, String> result = new HashMap<>(tags);
        labels.forEach(label -> result.put("_" + label, "_" + label));
        if (used != null) {
            result.put(USAGE_TAG, formatUsage(used));
        }
        return result;
    }

    /** tarn reads every tag whose key starts with '_' as a label. */
    static Set<String> labelsOf(Map<String, String> tags) {
        Set<String> labels = new TreeSet<>();
        tags.keySet().stream().filter(k -> k.startsWith("_")).forEach(k -> labels.add(k.substring(1)));
        return labels;
    }

    /** Python's {@code str(datetime.now().timestamp())}: seconds with up to six decimals, never an exponent. */
    static String formatUsage(Instant instant) {
        long micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
        BigDecimal seconds = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        return seconds.scale() <= 0 ? seconds.setScale(1).toPlainString() : seconds.toPlainString();
    }

    static Instant parseUsage(String text) {
        try {
            BigDecimal seconds = new BigDecimal(text.trim());
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new LocationException("A usage date '" + text + "' is not a number of seconds: remove the "
                                        + USAGE_TAG + " tag or usage sidecar", e);
        }
    }

    private Set<String> sidecarLabels(String name) throws Exception {
        String sidecar = labelsSidecar(name);
        Optional<byte[]> json = objects.getSmall(sidecar, MAX_SIDECAR);
        return json.isEmpty() ? Set.of()
                : JsonLabels.parse(new String(json.get(), StandardCharsets.UTF_8), "The labels sidecar " + sidecar + " of " + where);
    }

    private String labelsSidecar(String name) {
        return prefix + SIDECAR_ROOT + "labels/" + name + ".json";
    }

    private String usageSidecar(String name) {
        return prefix + SIDECAR_ROOT + "usage/" + name;
    }
}
